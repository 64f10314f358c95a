"""Count the SQL queries of each benchmarked page in-process, on the benchmark's database.

Run by bench/run.py with the benchmark's environment (bench.settings): reads a JSON list of
[label, email or null, path] on stdin and prints {"reseller_id": …, "pages": {label: {"status",
"queries"}}}. A path may contain {reseller_id}, the key of the demo reseller.
"""

import json
import os
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.db import connection  # noqa: E402
from django.test import Client  # noqa: E402
from django.test.utils import CaptureQueriesContext  # noqa: E402

from portal.accounts.models import User  # noqa: E402
from portal.tenancy.models import Organization, OrganizationKind  # noqa: E402


def main() -> None:
    pages = json.load(sys.stdin)
    reseller = Organization.objects.get(kind=OrganizationKind.RESELLER, name="Baltic IT Solutions")
    deep_cursor = _deep_cursor()
    clients: dict[str | None, Client] = {}
    results = {}
    for label, email, path in pages:
        if email not in clients:
            client = clients[email] = Client()
            if email:
                client.force_login(User.objects.get(email=email))
                client.get("/")  # lands: the session gets its active membership
        client = clients[email]
        url = path.format(reseller_id=reseller.pk, deep_cursor=deep_cursor)
        client.get(url)  # warm: per-process caches (content types, translations) filled
        with CaptureQueriesContext(connection) as queries:
            response = client.get(url)
        results[label] = {"status": response.status_code, "queries": len(queries)}
    json.dump(
        {"reseller_id": reseller.pk, "deep_cursor": deep_cursor, "pages": results}, sys.stdout
    )


def _deep_cursor() -> str:
    """Where page 20,000 of 50 rows would start (or the oldest page): the cursor the "Older"
    link carries after a million rows, as the activity log pages by (time, id)."""
    from portal.audit.models import AuditEvent
    from portal.audit.selectors import cursor_of

    total = AuditEvent.objects.count()
    offset = max(0, min(20_000 * 50, total - 50) - 1)
    event = AuditEvent.objects.order_by("-created_at", "-id")[offset]
    return cursor_of(event)


if __name__ == "__main__":
    main()
