"""Each subscription names its customer's reseller (as orders and invoices do), so a reseller's
run rate and trend read one index instead of joining every subscription to its customer."""

import django.db.models.deletion
from django.db import migrations, models
from django.db.models import OuterRef, Subquery


def name_the_resellers(apps, schema_editor):
    Subscription = apps.get_model("orders", "Subscription")
    Organization = apps.get_model("tenancy", "Organization")
    Subscription.objects.update(
        reseller_id=Subquery(
            Organization.objects.filter(pk=OuterRef("customer_id")).values("parent_id")[:1]
        )
    )


class Migration(migrations.Migration):
    dependencies = [
        ("orders", "0004_order_reseller_status_index"),
        ("tenancy", "0006_list_indexes"),
    ]

    operations = [
        migrations.AddField(
            model_name="subscription",
            name="reseller",
            field=models.ForeignKey(
                null=True,
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.organization",
            ),
        ),
        migrations.RunPython(name_the_resellers, migrations.RunPython.noop, elidable=True),
        migrations.AlterField(
            model_name="subscription",
            name="reseller",
            field=models.ForeignKey(
                on_delete=django.db.models.deletion.PROTECT,
                related_name="+",
                to="tenancy.organization",
            ),
        ),
        migrations.AddIndex(
            model_name="subscription",
            index=models.Index(fields=["reseller", "status"], name="subscription_reseller_status"),
        ),
    ]
