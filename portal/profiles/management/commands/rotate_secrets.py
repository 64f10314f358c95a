"""`manage.py rotate_secrets`: encrypt every stored secret again with the newest key (SEC-3).

Rotation: put the new key first in PORTAL_FIELD_ENCRYPTION_KEYS, keep the old ones after it,
deploy, run this command, then remove the old keys.
"""

from django.core.management.base import BaseCommand

from portal.profiles.services import secrets_rotate


class Command(BaseCommand):
    help = "Re-encrypt every stored secret with the first key of PORTAL_FIELD_ENCRYPTION_KEYS."

    def handle(self, *args, **options):
        count = secrets_rotate()
        self.stdout.write(self.style.SUCCESS(f"Re-encrypted {count} stored secret(s)."))
