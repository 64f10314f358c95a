"""The vendor console (SPEC §5): vendor staff's own task pages."""

from django.db.models import Count, Q
from django.shortcuts import render

from portal.access.decorators import permission_required
from portal.audit.selectors import audit_events_for
from portal.core.pagination import paginate
from portal.mail.models import OutboundEmail
from portal.tenancy.models import PARTNER_KINDS, Membership, Organization, OrganizationKind
from portal.tenancy.selectors import get_for_actor, organizations_visible_to


@permission_required("console.home")
def home(request):
    counts = Organization.objects.aggregate(
        distributors=Count("pk", filter=Q(kind=OrganizationKind.DISTRIBUTOR)),
        resellers=Count("pk", filter=Q(kind=OrganizationKind.RESELLER)),
        customers=Count("pk", filter=Q(kind=OrganizationKind.CUSTOMER)),
    )
    counts["partner_staff"] = Membership.objects.filter(
        organization__kind__in=PARTNER_KINDS, is_active=True
    ).count()
    return render(request, "console/home.html", {"counts": counts})


@permission_required("console.partners.view")
def partners(request):
    search = request.GET.get("q", "").strip()
    kind = request.GET.get("kind", "")
    orgs = (
        organizations_visible_to(request.actor)
        .filter(kind__in=[kind] if kind in PARTNER_KINDS else PARTNER_KINDS)
        .select_related("parent")
        .annotate(staff=Count("memberships", filter=Q(memberships__is_active=True)))
    )
    if search:
        orgs = orgs.filter(Q(name__icontains=search) | Q(tax_id__icontains=search))
    page = paginate(request, orgs.order_by("name", "pk"))
    return render(
        request, "console/partner_list.html", {"page": page, "search": search, "kind": kind}
    )


@permission_required("console.partners.view")
def partner_detail(request, organization_id: int):
    partner = get_for_actor(
        organizations_visible_to(request.actor)
        .filter(kind__in=PARTNER_KINDS)
        .select_related("parent"),
        organization_id,
    )
    return render(
        request,
        "console/partner_detail.html",
        {
            "partner": partner,
            "employees": partner.memberships.select_related("user", "organization").order_by(
                "user__full_name"
            ),
            "children": partner.children.order_by("name")[:50],
        },
    )


@permission_required("console.audit.view")
def audit(request):
    search = request.GET.get("q", "").strip()
    page = paginate(request, audit_events_for(request.actor, search=search), per_page=50)
    return render(request, "audit/event_list.html", {"page": page, "search": search})


@permission_required("console.outbox.view")
def outbox(request):
    search = request.GET.get("q", "").strip()
    emails = OutboundEmail.objects.all()
    if search:
        emails = emails.filter(Q(to__icontains=search) | Q(subject__icontains=search))
    page = paginate(request, emails.defer("body_text", "body_html"), per_page=50)
    return render(request, "console/outbox.html", {"page": page, "search": search})


@permission_required("console.outbox.view")
def outbox_detail(request, email_id: int):
    email = get_for_actor(OutboundEmail.objects.all(), email_id)
    return render(request, "console/outbox_detail.html", {"email": email})
