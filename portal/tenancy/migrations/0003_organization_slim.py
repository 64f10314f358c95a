from django.db import migrations

MOVED = (
    "legal_name",
    "tax_id",
    "country",
    "address",
    "city",
    "postcode",
    "state",
    "phone",
    "email",
    "website",
    "billing_address",
    "billing_email",
    "payment_method",
)


class Migration(migrations.Migration):
    """Company details and billing settings now live in the team area's one-to-one records."""

    dependencies = [
        ("tenancy", "0002_organization_path"),
        ("team", "0002_companydetails_billingsettings"),
    ]

    operations = [migrations.RemoveField(model_name="organization", name=name) for name in MOVED]
