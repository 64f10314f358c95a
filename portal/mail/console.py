"""The outbox for vendor admins (PLAT-1), mounted under /console/mail/: every email the portal
queued, with one-time links hidden outside the local demo."""

from django.conf import settings
from django.db.models import Q
from django.shortcuts import render
from django.urls import path

from portal.access.decorators import permission_required
from portal.core.pagination import paginate
from portal.core.scoping import get_for_actor

from .forms import OutboxSearchForm
from .models import OutboundEmail


@permission_required("console.outbox.view")
def outbox(request):
    form = OutboxSearchForm(request.GET)
    search = form.cleaned_data["q"].strip() if form.is_valid() else ""
    emails = OutboundEmail.objects.for_actor(request.actor)
    if search:
        emails = emails.filter(Q(to__icontains=search) | Q(subject__icontains=search))
    page = paginate(request, emails.defer("body_text", "body_html"), per_page=50)
    return render(request, "mail/console/outbox.html", {"page": page, "search": search})


@permission_required("console.outbox.view")
def outbox_detail(request, email_id: int):
    email = get_for_actor(request.actor, OutboundEmail, email_id)
    show_body = not email.sensitive or settings.PORTAL_OUTBOX_KEEP_SENSITIVE
    return render(
        request, "mail/console/outbox_detail.html", {"email": email, "show_body": show_body}
    )


urlpatterns = [
    path("outbox/", outbox, name="outbox"),
    path("outbox/<int:email_id>/", outbox_detail, name="outbox_email"),
]
