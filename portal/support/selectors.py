"""Support reads, each starting from the actor's scope (`for_actor`)."""

from __future__ import annotations

from django.db.models import Count, Exists, OuterRef, Prefetch, Q, QuerySet
from django.utils import timezone

from portal.access.policies import can
from portal.tenancy.actor import Actor
from portal.tenancy.models import PARTNER_KINDS, Organization

from .models import (
    Article,
    Case,
    CaseAttachment,
    CaseMessage,
    Coupon,
    Download,
    DownloadRequest,
    LicenseKey,
    LiveSessionBooking,
    LiveSessionSlot,
    PaidSupportRequest,
)

SEARCH_MAX = 200


def case_list(*, actor: Actor, mine: bool = False) -> QuerySet[Case]:
    """The cases this member may see (the `cases.see` rule for lists): their own, or their
    company's for Managers and Primaries; phone cases are already out of the scoped queryset."""
    rows = Case.objects.for_actor(actor).select_related("product", "created_by", "assignee")
    if actor.realm == "partner" and (mine or not can(actor, "cases.view_company")):
        rows = rows.filter(created_by=actor.user)
    return rows


def case_conversation(*, actor: Actor, case: Case) -> list[CaseMessage]:
    """The case's messages the actor may read (internal notes only for vendor staff), with their
    files."""
    attachments = CaseAttachment.objects.for_actor(actor)
    return list(
        CaseMessage.objects.for_actor(actor)
        .filter(case=case)
        .select_related("author")
        .prefetch_related(Prefetch("attachments", queryset=attachments))
    )


def case_files(*, actor: Actor, case: Case) -> QuerySet[CaseAttachment]:
    """Files added with the case itself (not with a later message)."""
    return CaseAttachment.objects.for_actor(actor).filter(case=case, message__isnull=True)


def support_queue(*, actor: Actor) -> QuerySet[Case]:
    """The desk's queue, oldest first (the filter narrows status, severity, company, assignee)."""
    return (
        Case.objects.for_actor(actor)
        .select_related("organization", "assignee", "created_by", "product")
        .order_by("created_at", "pk")
    )


def partner_companies(*, actor: Actor) -> QuerySet[Organization]:
    return Organization.objects.for_actor(actor).filter(kind__in=PARTNER_KINDS).order_by("name")


def paid_support_requests(*, actor: Actor) -> QuerySet[PaidSupportRequest]:
    return PaidSupportRequest.objects.for_actor(actor).select_related(
        "organization", "requested_by"
    )


def article_list(*, members: bool, search: str = "", category=None) -> QuerySet[Article]:
    """Published articles; restricted ones only for signed-in members. Search: titles and bodies
    (icontains, bounded by the length of the query and paginated by the page)."""
    rows = Article.objects.filter(is_published=True).select_related("category")
    if not members:
        rows = rows.filter(visibility=Article.Visibility.PUBLIC)
    search = (search or "").strip()[:SEARCH_MAX]
    if search:
        rows = rows.filter(Q(title__icontains=search) | Q(body__icontains=search))
    if category is not None:
        rows = rows.filter(category=category)
    return rows


def open_slots() -> QuerySet[LiveSessionSlot]:
    return LiveSessionSlot.objects.filter(booked_at__isnull=True, starts_at__gt=timezone.now())


def company_bookings(*, actor: Actor) -> QuerySet[LiveSessionBooking]:
    return (
        LiveSessionBooking.objects.for_actor(actor)
        .select_related("slot", "booked_by", "coupon", "organization")
        .order_by("-slot__starts_at")
    )


def company_coupons(*, actor: Actor) -> QuerySet[Coupon]:
    return Coupon.objects.for_actor(actor).select_related("organization")


def download_list(*, actor: Actor) -> QuerySet[Download]:
    """Every publication, annotated with the member's own request for it."""
    mine = DownloadRequest.objects.for_actor(actor).filter(
        download=OuterRef("pk"), requested_by=actor.user
    )
    return Download.objects.select_related("product").annotate(
        approved=Exists(mine.filter(status=DownloadRequest.Status.APPROVED)),
        pending=Exists(mine.filter(status=DownloadRequest.Status.PENDING)),
    )


def download_requests(*, actor: Actor) -> QuerySet[DownloadRequest]:
    return DownloadRequest.objects.for_actor(actor).select_related(
        "download", "organization", "requested_by"
    )


def license_keys(*, actor: Actor) -> QuerySet[LicenseKey]:
    return LicenseKey.objects.for_actor(actor).select_related("product")


def case_counts(*, actor: Actor) -> dict:
    """Figures for the partner home: open cases, those waiting for the partner."""
    rows = case_list(actor=actor)
    return rows.aggregate(
        open=Count("pk", filter=~Q(status__in=Case.CLOSED_STATUSES)),
        waiting=Count("pk", filter=Q(status=Case.Status.WAITING)),
    )
