# The column already holds Fernet tokens of portal.core.crypto, which is what
# EncryptedTextField stores: renaming and changing the field class keeps every row as it is.

import portal.core.fields
from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("profiles", "0001_initial"),
    ]

    operations = [
        migrations.RenameField(
            model_name="forumcredential",
            old_name="password_encrypted",
            new_name="password",
        ),
        migrations.AlterField(
            model_name="forumcredential",
            name="password",
            field=portal.core.fields.EncryptedTextField(
                editable=False, verbose_name="forum password"
            ),
        ),
    ]
