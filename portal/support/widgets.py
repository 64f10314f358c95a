"""The support area's panels on the partner home and the vendor overview."""

from portal.access.registry import Widget

from . import services
from .models import Case, DownloadRequest, PaidSupportRequest
from .selectors import case_counts, support_queue


def _cases(actor) -> dict:
    return {**case_counts(actor=actor), "free": services.case_support_is_free(actor.organization)}


def _desk(actor) -> dict:
    rows = support_queue(actor=actor)
    return {
        "unassigned": rows.filter(status=Case.Status.NEW, assignee__isnull=True).count(),
        "mine": rows.open().filter(assignee=actor.user).count(),
        "paid": PaidSupportRequest.objects.for_actor(actor)
        .filter(status=PaidSupportRequest.Status.PENDING)
        .count(),
        "downloads": DownloadRequest.objects.for_actor(actor)
        .filter(status=DownloadRequest.Status.PENDING)
        .count(),
    }


WIDGETS = [
    Widget("partner", "cases.view_own", "support/widgets/_cases.html", _cases, 50, "stat"),
    Widget("partner", "cases.view_own", "support/widgets/_next_steps.html", _cases, 50),
    Widget("vendor", "console.support.work", "support/widgets/_desk.html", _desk, 30),
]
