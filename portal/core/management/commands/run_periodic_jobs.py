"""`manage.py run_periodic_jobs [--loop SECONDS]`: run the periodic jobs that are due.

Safe to run on several machines at once: each job runs once per slot (portal/core/periodic.py).
"""

import time

from django.core.management.base import BaseCommand
from django.db import close_old_connections

from portal.core.periodic import run_due_jobs


class Command(BaseCommand):
    help = "Run every periodic job whose current slot has not run yet (once, or every N seconds)."

    def add_arguments(self, parser):
        parser.add_argument(
            "--loop",
            type=int,
            metavar="SECONDS",
            default=0,
            help="Keep running, looking for due jobs every SECONDS seconds.",
        )

    def handle(self, *args, loop: int = 0, **options):
        while True:
            for result in run_due_jobs():
                style = self.style.SUCCESS if result.status == "succeeded" else self.style.ERROR
                self.stdout.write(style(f"{result.name}: {result.status}"))
            if loop <= 0:
                return
            close_old_connections()
            try:
                time.sleep(loop)
            except KeyboardInterrupt:
                return
