"""Issue 8, Medium 2: the login email of everyone who activated is verified.

An activated person proved their login email (activation link or password reset). Their allauth
row for it becomes verified and primary (created when missing), so two-factor enrolment is no
longer refused. Rows for any other address were left by allauth's email page, now closed: they
were never proven and let that address sign in to the login, so they are removed.
"""

from django.db import migrations


def verify(apps, schema_editor):
    User = apps.get_model("accounts", "User")
    EmailAddress = apps.get_model("account", "EmailAddress")
    for user in User.objects.exclude(activated_at=None).only("pk", "email").iterator():
        email = user.email.lower()
        EmailAddress.objects.filter(user_id=user.pk).exclude(email__iexact=email).delete()
        if EmailAddress.objects.filter(email__iexact=email, verified=True).exclude(
            user_id=user.pk
        ).exists():
            continue  # cannot happen while verification was off; never break the migration
        rows = EmailAddress.objects.filter(user_id=user.pk, email__iexact=email)
        if rows.exists():
            rows.update(email=email, verified=True, primary=True)
        else:
            EmailAddress.objects.create(user_id=user.pk, email=email, verified=True, primary=True)


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0003_user_session_epoch"),
        ("account", "0009_emailaddress_unique_primary_email"),
    ]

    operations = [migrations.RunPython(verify, migrations.RunPython.noop)]
