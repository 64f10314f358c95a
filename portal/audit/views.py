"""The activity log page, shared by a company's managers and vendor staff; each entrance checks
its own permission, the selector decides which events the actor may read."""

from django.shortcuts import render

from portal.access.decorators import permission_required
from portal.core.pagination import paginate

from .forms import EventSearchForm
from .selectors import audit_events_for


def render_event_list(request):
    form = EventSearchForm(request.GET)
    search = form.cleaned_data["q"].strip() if form.is_valid() else ""
    page = paginate(request, audit_events_for(request.actor, search=search), per_page=50)
    return render(request, "audit/event_list.html", {"page": page, "search": search})


@permission_required("audit.view_company")
def company_activity(request):
    """A company's managers read the events of their own company's records."""
    return render_event_list(request)
