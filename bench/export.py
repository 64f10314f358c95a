"""Time and peak memory of the customer exports (issue 11), in-process on the benchmark's
database.

Run by bench/run.py with the benchmark's environment (bench.settings): reads a JSON list of
[label, email, path] on stdin, signs each account in on a test client and, for each export,
reads the whole streamed response (counting bytes and rows, keeping nothing) twice: once timed,
once under tracemalloc for the peak of Python memory allocated while it ran. Prints
{label: {"status", "rows", "bytes", "seconds", "peak_mib", "rss_growth_mib"}} as JSON.
"""

import json
import os
import resource
import sys
import time
import tracemalloc
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "bench.settings")

import django  # noqa: E402

django.setup()

from django.test import Client  # noqa: E402

from portal.accounts.models import User  # noqa: E402
from portal.customers.selectors import customer_list  # noqa: E402
from portal.tenancy.actor import actor_for  # noqa: E402

MIB = 1024 * 1024


def _drain(response) -> int:
    size = 0
    for chunk in response.streaming_content:
        size += len(chunk)
    response.close()  # the .xlsx's temporary file goes away here
    return size


def _rss_mib() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024  # Linux: KiB


def main() -> None:
    exports = json.load(sys.stdin)
    results = {}
    clients: dict[str, Client] = {}
    for label, email, path in exports:
        if email not in clients:
            client = clients[email] = Client()
            user = User.objects.get(email=email)
            client.force_login(user)
            client.get("/")
        client = clients[email]
        membership = User.objects.get(email=email).memberships.get()
        rows = customer_list(actor=actor_for(membership)).count()
        client.get(path.replace("format=", "warm=") + "&format=csv&q=zzzz-none")  # warm caches
        rss_before = _rss_mib()
        started = time.perf_counter()
        response = client.get(path)
        size = _drain(response)
        seconds = time.perf_counter() - started
        rss_growth = _rss_mib() - rss_before
        tracemalloc.start()
        _drain(client.get(path))
        _current, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        results[label] = {
            "status": response.status_code,
            "rows": rows,
            "bytes": size,
            "seconds": round(seconds, 2),
            "peak_mib": round(peak / MIB, 1),
            "rss_growth_mib": round(rss_growth, 1),
        }
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
