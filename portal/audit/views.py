"""The activity log page, shared by a company's managers and vendor staff; each entrance checks
its own permission, the selector decides which events the actor may read."""

from django.shortcuts import render

from portal.access.decorators import permission_required
from portal.core.lazy import deferred

from .forms import ActivityFilterForm
from .selectors import audit_events_for, event_page


def render_event_list(request):
    form = ActivityFilterForm(request.GET)
    filters = form.cleaned_data if form.is_valid() else {}
    events = audit_events_for(
        request.actor,
        search=(filters.get("q") or "").strip(),
        who=filters.get("who") or "",
        verb=filters.get("verb") or "",
        since=filters.get("since"),
        until=filters.get("until"),
    )
    # read only when the list is rendered: not when it comes from the cache ({% kept %})
    page = deferred(lambda: event_page(events, cursor=filters.get("cursor") or ""))
    return render(request, "audit/event_list.html", {"form": form, "page": page})


@permission_required("audit.view_company")
def company_activity(request):
    """A company's managers read the events of their own company's records."""
    return render_event_list(request)
