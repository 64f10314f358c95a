"""Support writes (SPEC §4.6): cases and their conversation, assignment and statuses, the phone
log, entitlement, paid support, articles, live sessions and coupons, downloads. Each takes the
acting member, checks the policy, runs in one transaction, audits and queues its emails after
commit, in each recipient's language, with a direct link to the case."""

from __future__ import annotations

from datetime import date
from decimal import ROUND_HALF_UP, Decimal
from pathlib import PurePosixPath

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db import IntegrityError, transaction
from django.db.models import F
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from portal.access.policies import can, require
from portal.accounts.models import User
from portal.audit.services import audit_record
from portal.core.exceptions import DomainError
from portal.core.sequences import sequence_format, sequence_next
from portal.mail.services import email_queue_template
from portal.tenancy.actor import Actor
from portal.tenancy.models import Membership, Organization, VendorRole

from .models import (
    Article,
    Case,
    CaseAttachment,
    CaseMessage,
    Coupon,
    Download,
    DownloadRequest,
    LiveSessionBooking,
    LiveSessionSlot,
    PaidSupportRequest,
    SupportContract,
    SupportSettings,
)
from .verbs import SupportVerb

# ---------------------------------------------------------------------------- attachments

# Types a case may carry: documents, screenshots, logs and archives; nothing a browser runs.
ALLOWED_EXTENSIONS = {
    ".pdf": b"%PDF",
    ".png": b"\x89PNG",
    ".jpg": b"\xff\xd8\xff",
    ".jpeg": b"\xff\xd8\xff",
    ".gif": b"GIF8",
    ".zip": b"PK",
    ".txt": None,
    ".log": None,
    ".csv": None,
}
MAX_FILES = 5


def attachment_max_bytes() -> int:
    return getattr(settings, "PORTAL_SUPPORT_ATTACHMENT_MAX_BYTES", 10 * 1024 * 1024)


def attachment_check(upload) -> None:
    """Refuse a file that is too large, of a type not on the list, or not what its name says."""
    name = PurePosixPath(upload.name or "").name
    extension = PurePosixPath(name).suffix.lower()
    if extension not in ALLOWED_EXTENSIONS:
        raise ValidationError(
            _("%(name)s: this type of file is not accepted (PDF, images, text, logs, ZIP).")
            % {"name": name[:100]},
            code="file_type",
        )
    if upload.size > attachment_max_bytes():
        raise ValidationError(
            _("%(name)s is larger than %(mb)s MB.")
            % {"name": name[:100], "mb": attachment_max_bytes() // (1024 * 1024)},
            code="file_size",
        )
    magic = ALLOWED_EXTENSIONS[extension]
    if magic is not None:
        upload.seek(0)
        head = upload.read(len(magic))
        upload.seek(0)
        if head != magic:
            raise ValidationError(
                _("%(name)s is not the kind of file its name says.") % {"name": name[:100]},
                code="file_content",
            )


def _attach(*, actor: Actor, case: Case, message: CaseMessage | None, files) -> None:
    files = list(files or [])
    if len(files) > MAX_FILES:
        raise DomainError(
            _("Attach at most %(n)s files at once.") % {"n": MAX_FILES}, field="files"
        )
    for upload in files:
        try:
            attachment_check(upload)
        except ValidationError as error:
            raise DomainError(error.messages[0], field="files") from None
        name = PurePosixPath(upload.name).name[:200]
        attachment = CaseAttachment(
            case=case,
            message=message,
            original_name=name,
            size=upload.size,
            uploaded_by=actor.user,
        )
        attachment.file.save(name, upload, save=False)
        attachment.full_clean()
        attachment.save()


# -------------------------------------------------------------------------------- emails


def _case_link(case: Case, *, vendor: bool) -> str:
    name = "console:support_case" if vendor else "support:case"
    return settings.PORTAL_BASE_URL + reverse(name, kwargs={"case_id": case.pk})


def _email(user: User, template: str, context: dict) -> None:
    email_queue_template(
        to=user.email,
        template=f"support/email/{template}",
        context={"recipient": user, **context},
        language=user.language,
    )


def _partner_recipients(case: Case, *, exclude: User | None = None) -> list[User]:
    """The creator and the followers who are still active members of the case's company."""
    members = {
        m.user_id: m.user
        for m in Membership.objects.filter(
            organization_id=case.organization_id, is_active=True, user__is_active=True
        ).select_related("user")
    }
    wanted = [case.created_by_id, *case.followers.values_list("pk", flat=True)]
    seen, recipients = set(), []
    for user_id in wanted:
        if (
            user_id in members
            and user_id not in seen
            and (exclude is None or user_id != exclude.pk)
        ):
            seen.add(user_id)
            recipients.append(members[user_id])
    return recipients


# --------------------------------------------------------------------------- entitlement


def support_settings() -> SupportSettings:
    """The vendor's settings; reading never writes (an unsaved default until first saved)."""
    return SupportSettings.objects.filter(pk=1).first() or SupportSettings(pk=1)


def contract_for(organization: Organization) -> SupportContract:
    return SupportContract.objects.filter(organization=organization).first() or SupportContract(
        organization=organization
    )


def case_support_is_free(organization: Organization, *, today: date | None = None) -> bool:
    """SUP-5: free before the vendor's cut-over date, and after it with active maintenance (or
    paid case support ordered)."""
    today = today or timezone.localdate()
    cut_over = support_settings().paid_support_from
    if cut_over is None or today < cut_over:
        return True
    contract = contract_for(organization)
    return any(
        until and until >= today
        for until in (contract.maintenance_until, contract.paid_support_until)
    )


# ----------------------------------------------------------------------------------- cases


def _audit_case(actor: Actor, verb: str, case: Case, *, vendor_only: bool = False, **data):
    """A case's event in the trail. Phone cases and internal notes are the desk's own business:
    their events belong to the vendor's trail, never to the partner's activity log."""
    hidden = vendor_only or case.channel == Case.Channel.PHONE
    audit_record(
        actor=actor,
        verb=verb,
        target=case,
        organization=actor.organization if hidden else None,
        data=data or None,
    )


def _new_reference(now) -> str:
    year = timezone.localtime(now).year
    return sequence_format("CASE", year, sequence_next(name="case", year=year))


@transaction.atomic
def case_create(
    *,
    actor: Actor,
    subject: str,
    description: str,
    severity: str = Case.Severity.NORMAL,
    product=None,
    files=(),
) -> Case:
    """SUP-1: a case with a reference; the creator is emailed the reference and a link."""
    require(actor, "cases.create")
    if not case_support_is_free(actor.organization):
        raise DomainError(_("Case support is paid for your company now: order paid support first."))
    now = timezone.now()
    case = Case(
        organization=actor.organization,
        reference="CASE-0000-000000",  # validated with a placeholder, numbered just before saving
        subject=subject,
        description=description,
        severity=severity,
        product=product,
        created_by=actor.user,
        logged_by=actor.user,
        channel=Case.Channel.PORTAL,
        last_activity_at=now,
    )
    case.full_clean(exclude=["reference"])
    case.reference = _new_reference(now)
    case.save()
    case.followers.add(actor.user)
    _attach(actor=actor, case=case, message=None, files=files)
    _audit_case(actor, SupportVerb.CASE_CREATED, case)
    _email(actor.user, "case_created", {"case": case, "link": _case_link(case, vendor=False)})
    return case


@transaction.atomic
def case_phone_log(
    *,
    actor: Actor,
    organization: Organization,
    caller: Membership | None,
    subject: str,
    description: str,
    severity: str = Case.Severity.NORMAL,
    product=None,
) -> Case:
    """A case vendor staff take by phone: on the desk, never in the portal (`000` seed)."""
    require(actor, "console.support.work")
    if not organization.is_partner:
        raise DomainError(_("Choose a partner company."), field="organization")
    if caller is not None and caller.organization_id != organization.pk:
        raise DomainError(_("The caller is not an employee of this company."), field="caller")
    now = timezone.now()
    case = Case(
        organization=organization,
        reference="CASE-0000-000000",
        subject=subject,
        description=description,
        severity=severity,
        product=product,
        created_by=caller.user if caller else actor.user,
        logged_by=actor.user,
        channel=Case.Channel.PHONE,
        assignee=actor.user,
        status=Case.Status.ASSIGNED,
        last_activity_at=now,
    )
    case.full_clean(exclude=["reference"])
    case.reference = _new_reference(now)
    case.save()
    _audit_case(actor, SupportVerb.CASE_PHONE_LOGGED, case)
    return case


def _locked(case: Case) -> Case:
    return (
        Case.objects.select_for_update(of=("self",))
        .select_related("assignee", "created_by")
        .get(pk=case.pk)
    )


def _message(*, actor: Actor, case: Case, body: str, from_vendor: bool, internal: bool = False):
    message = CaseMessage(
        case=case, author=actor.user, from_vendor=from_vendor, internal=internal, body=body
    )
    message.full_clean()
    message.save()
    return message


@transaction.atomic
def case_update(*, actor: Actor, case: Case, body: str, files=()) -> CaseMessage:
    """SUP-2: the partner adds information or files; the assigned technician is emailed."""
    require(actor, "cases.see", case)
    case = _locked(case)
    if case.status == Case.Status.CLOSED:
        raise DomainError(_("This case is closed: open a new case."), field="body")
    message = _message(actor=actor, case=case, body=body, from_vendor=False)
    _attach(actor=actor, case=case, message=message, files=files)
    if case.status in (Case.Status.WAITING, Case.Status.RESOLVED):
        case.status = Case.Status.ASSIGNED if case.assignee_id else Case.Status.NEW
        case.waiting_since = case.reminded_at = None
    case.last_activity_at = timezone.now()
    case.save(
        update_fields=["status", "waiting_since", "reminded_at", "last_activity_at", "updated_at"]
    )
    case.followers.add(actor.user)
    _audit_case(actor, SupportVerb.CASE_UPDATED, case)
    if case.assignee_id and case.assignee.is_active:
        _email(
            case.assignee,
            "case_partner_update",
            {
                "case": case,
                "message": message,
                "author": actor.user,
                "link": _case_link(case, vendor=True),
            },
        )
    return message


def _set_status(case: Case, status: str) -> None:
    if status == case.status:
        return
    case.status = status
    if status == Case.Status.WAITING:
        case.waiting_since, case.reminded_at = timezone.now(), None
    else:
        case.waiting_since = case.reminded_at = None


@transaction.atomic
def case_reply(
    *,
    actor: Actor,
    case: Case,
    body: str,
    internal: bool = False,
    status: str = "",
    files=(),
) -> CaseMessage:
    """SUP-2, SUP-4: a vendor reply (the partner is emailed) or an internal note (nobody is)."""
    require(actor, "console.support.work")
    case = _locked(case)
    message = _message(actor=actor, case=case, body=body, from_vendor=True, internal=internal)
    _attach(actor=actor, case=case, message=message, files=files)
    if status:
        if status not in Case.Status.values:
            raise DomainError(_("Choose a status."), field="status")
        _set_status(case, status)
    elif not internal and case.status == Case.Status.NEW:
        case.status = Case.Status.ASSIGNED
    if not internal and case.assignee_id is None:
        case.assignee = actor.user
        if case.status == Case.Status.NEW:
            case.status = Case.Status.ASSIGNED
    case.last_activity_at = timezone.now()
    case.full_clean()
    case.save()
    _audit_case(
        actor,
        SupportVerb.CASE_NOTE_ADDED if internal else SupportVerb.CASE_REPLIED,
        case,
        vendor_only=internal,
    )
    if not internal and case.channel == Case.Channel.PORTAL:
        for user in _partner_recipients(case):
            _email(
                user,
                "case_vendor_reply",
                {"case": case, "message": message, "link": _case_link(case, vendor=False)},
            )
    return message


def support_staff() -> list[User]:
    """Vendor staff who work cases: the assignees a case may get."""
    return list(
        User.objects.filter(
            memberships__organization__kind="vendor",
            memberships__role__in=[VendorRole.ADMIN, VendorRole.SUPPORT],
            memberships__is_active=True,
            is_active=True,
        )
        .distinct()
        .order_by("full_name", "email")
    )


@transaction.atomic
def case_assign(*, actor: Actor, case: Case, assignee: User) -> Case:
    """SUP-4: a technician takes the case or gives it to a colleague (who is emailed)."""
    require(actor, "console.support.work")
    if assignee.pk not in {user.pk for user in support_staff()}:
        raise DomainError(_("Choose a support technician."), field="assignee")
    case = _locked(case)
    case.assignee = assignee
    if case.status == Case.Status.NEW:
        case.status = Case.Status.ASSIGNED
    case.save(update_fields=["assignee", "status", "updated_at"])
    _audit_case(actor, SupportVerb.CASE_ASSIGNED, case, assignee=assignee.email)
    if assignee.pk != actor.user.pk:
        _email(
            assignee,
            "case_assigned",
            {"case": case, "by": actor.user, "link": _case_link(case, vendor=True)},
        )
    return case


@transaction.atomic
def case_set_status(*, actor: Actor, case: Case, status: str) -> Case:
    require(actor, "console.support.work")
    if status not in Case.Status.values:
        raise DomainError(_("Choose a status."), field="status")
    case = _locked(case)
    before = case.status
    _set_status(case, status)
    case.save(update_fields=["status", "waiting_since", "reminded_at", "updated_at"])
    _audit_case(actor, SupportVerb.CASE_STATUS_CHANGED, case, **{"from": before, "to": status})
    return case


@transaction.atomic
def case_follow(*, actor: Actor, case: Case, follow: bool) -> None:
    require(actor, "cases.see", case)
    if follow:
        case.followers.add(actor.user)
    else:
        case.followers.remove(actor.user)


def case_waiting_remind(*, case: Case, now=None) -> bool:
    """The 7-day reminder of a case waiting for the partner (jobs.py); once per wait."""
    now = now or timezone.now()
    updated = Case.objects.filter(
        pk=case.pk, status=Case.Status.WAITING, reminded_at__isnull=True
    ).update(reminded_at=now)
    if not updated:
        return False
    for user in _partner_recipients(case):
        _email(
            user, "case_waiting_reminder", {"case": case, "link": _case_link(case, vendor=False)}
        )
    audit_record(actor=None, verb=SupportVerb.CASE_REMINDED, target=case)
    return True


# ----------------------------------------------------------------- entitlement (console)


@transaction.atomic
def contract_update(
    *,
    actor: Actor,
    organization: Organization,
    maintenance_until=None,
    paid_support_until=None,
    initial_support_start=None,
    initial_support_end=None,
) -> SupportContract:
    require(actor, "console.support.work")
    contract = SupportContract.objects.select_for_update().filter(organization=organization).first()
    contract = contract or SupportContract(organization=organization)
    contract.maintenance_until = maintenance_until
    contract.paid_support_until = paid_support_until
    contract.initial_support_start = initial_support_start
    contract.initial_support_end = initial_support_end
    if (
        initial_support_start
        and initial_support_end
        and initial_support_end < initial_support_start
    ):
        raise DomainError(_("The period ends before it starts."), field="initial_support_end")
    contract.full_clean()
    contract.save()
    audit_record(
        actor=actor, verb=SupportVerb.CONTRACT_UPDATED, target=contract, organization=organization
    )
    return contract


@transaction.atomic
def settings_update(*, actor: Actor, paid_support_from) -> SupportSettings:
    require(actor, "console.support.work")
    row = SupportSettings.objects.select_for_update().get_or_create(pk=1)[0]
    row.paid_support_from = paid_support_from
    row.save()
    audit_record(
        actor=actor,
        verb=SupportVerb.SETTINGS_UPDATED,
        data={"paid_support_from": str(paid_support_from)},
    )
    return row


@transaction.atomic
def paid_support_request(*, actor: Actor, description: str) -> PaidSupportRequest:
    require(actor, "paid_support.order")
    request = PaidSupportRequest(
        organization=actor.organization, requested_by=actor.user, description=description
    )
    request.full_clean()
    request.save()
    audit_record(actor=actor, verb=SupportVerb.PAID_SUPPORT_REQUESTED, target=request)
    _email(actor.user, "paid_support_requested", {"request": request})
    return request


@transaction.atomic
def paid_support_decide(
    *, actor: Actor, request: PaidSupportRequest, accept: bool, paid_until=None
) -> PaidSupportRequest:
    """Accepting gives paid case support until a date; the requester is told either way."""
    require(actor, "console.support.work")
    updated = PaidSupportRequest.objects.filter(
        pk=request.pk, status=PaidSupportRequest.Status.PENDING
    ).update(
        status=PaidSupportRequest.Status.ACCEPTED if accept else PaidSupportRequest.Status.DECLINED,
        decided_by=actor.user,
        decided_at=timezone.now(),
    )
    if not updated:
        raise DomainError(_("This request has already been decided."))
    request.refresh_from_db()
    if accept:
        if paid_until is None:
            raise DomainError(_("Give the date paid support ends."), field="paid_until")
        contract = contract_for(request.organization)
        contract.paid_support_until = paid_until
        contract.full_clean()
        contract.save()
    audit_record(actor=actor, verb=SupportVerb.PAID_SUPPORT_DECIDED, target=request)
    _email(
        request.requested_by, "paid_support_decided", {"request": request, "paid_until": paid_until}
    )
    return request


# -------------------------------------------------------------------------- knowledge base


@transaction.atomic
def article_save(*, actor: Actor, article: Article | None = None, **fields) -> Article:
    require(actor, "console.kb.write")
    article = article or Article(author=actor.user)
    for name, value in fields.items():
        setattr(article, name, value)
    article.full_clean()
    article.save()
    audit_record(actor=actor, verb=SupportVerb.ARTICLE_SAVED, target=article)
    return article


# --------------------------------------------------------------------------- live sessions


@transaction.atomic
def slot_publish(
    *, actor: Actor, kind: str, starts_at, duration_minutes: int, price: Decimal
) -> LiveSessionSlot:
    require(actor, "console.support.work")
    if starts_at <= timezone.now():
        raise DomainError(_("Choose a time in the future."), field="starts_at")
    slot = LiveSessionSlot(
        kind=kind,
        starts_at=starts_at,
        duration_minutes=duration_minutes,
        price=Decimal(price).quantize(Decimal("0.01"), rounding=ROUND_HALF_UP),
        published_by=actor.user,
    )
    slot.full_clean()
    slot.save()
    audit_record(actor=actor, verb=SupportVerb.SLOT_PUBLISHED, target=slot)
    return slot


@transaction.atomic
def coupon_create(
    *, actor: Actor, organization: Organization, code: str, discount_percent: int, max_uses: int
) -> Coupon:
    require(actor, "console.support.work")
    coupon = Coupon(
        organization=organization,
        code=code.strip().upper(),
        discount_percent=discount_percent,
        max_uses=max_uses,
    )
    coupon.full_clean()
    coupon.save()
    audit_record(actor=actor, verb=SupportVerb.COUPON_CREATED, target=coupon)
    return coupon


def _coupon_use(*, actor: Actor, code: str, today: date) -> Coupon:
    """Take one use of the company's coupon, valid in its initial support period (SUP-7)."""
    coupon = Coupon.objects.for_actor(actor).filter(code__iexact=code.strip()).first()
    if coupon is None:
        raise DomainError(_("This coupon code is not valid for your company."), field="coupon")
    if not contract_for(actor.organization).in_initial_period(today):
        raise DomainError(
            _("Coupons are valid only within your company's initial support period."),
            field="coupon",
        )
    # a conditional update: two bookings taking the last use, only one gets it
    if not Coupon.objects.filter(pk=coupon.pk, uses__lt=F("max_uses")).update(uses=F("uses") + 1):
        raise DomainError(_("This coupon has been used up."), field="coupon")
    coupon.refresh_from_db()
    return coupon


@transaction.atomic
def session_book(
    *, actor: Actor, slot: LiveSessionSlot, coupon_code: str = "", topic: str = ""
) -> LiveSessionBooking:
    """SUP-7: one booking per slot; the loser of two at once gets a clear message."""
    require(actor, "live_sessions.book")
    now = timezone.now()
    if slot.starts_at <= now:
        raise DomainError(_("This session has already started."))
    coupon = None
    if coupon_code.strip():
        coupon = _coupon_use(actor=actor, code=coupon_code, today=timezone.localdate(now))
    # the conditional update is the claim; the one-to-one booking backs it up
    if not LiveSessionSlot.objects.filter(pk=slot.pk, booked_at__isnull=True).update(booked_at=now):
        raise DomainError(_("Sorry, someone has just booked this slot. Please choose another one."))
    price = slot.price
    if coupon is not None:
        price = (slot.price * (100 - coupon.discount_percent) / Decimal(100)).quantize(
            Decimal("0.01"), rounding=ROUND_HALF_UP
        )
    booking = LiveSessionBooking(
        slot=slot,
        organization=actor.organization,
        booked_by=actor.user,
        coupon=coupon,
        price=price,
        topic=topic,
    )
    booking.full_clean(exclude=["slot"])
    try:
        with transaction.atomic():
            booking.save()
    except IntegrityError:
        raise DomainError(
            _("Sorry, someone has just booked this slot. Please choose another one.")
        ) from None
    audit_record(actor=actor, verb=SupportVerb.SESSION_BOOKED, target=booking)
    _email(
        actor.user,
        "session_booked",
        {
            "booking": booking,
            "slot": slot,
            "link": settings.PORTAL_BASE_URL + reverse("support:sessions"),
        },
    )
    return booking


# ------------------------------------------------------------------------------- downloads


def may_download(actor: Actor, download: Download) -> bool:
    """Documents: every portal account; software versions: Primaries (and whoever the company
    manager gave updates), or IT and Managers whose request the vendor approved (SPEC §3)."""
    if actor.is_vendor:
        return can(actor, "console.support.work")
    if not download.is_software:
        return can(actor, "downloads.view")
    if can(actor, "software_updates.receive"):
        return True
    return (
        DownloadRequest.objects.for_actor(actor)
        .filter(download=download, requested_by=actor.user, status=DownloadRequest.Status.APPROVED)
        .exists()
    )


@transaction.atomic
def download_publish(
    *, actor: Actor, kind: str, title: str, version: str = "", product=None, file
) -> Download:
    require(actor, "console.support.work")
    name = PurePosixPath(file.name or "").name[:200]
    download = Download(
        kind=kind,
        title=title,
        version=version,
        product=product,
        original_name=name,
        published_by=actor.user,
    )
    download.file.save(name, file, save=False)
    download.full_clean()
    download.save()
    audit_record(actor=actor, verb=SupportVerb.DOWNLOAD_PUBLISHED, target=download)
    return download


@transaction.atomic
def download_request(*, actor: Actor, download: Download) -> DownloadRequest:
    require(actor, "software_updates.request")
    if not download.is_software:
        raise DomainError(_("Documents need no request."))
    request = DownloadRequest(
        download=download, organization=actor.organization, requested_by=actor.user
    )
    try:
        with transaction.atomic():
            request.save()
    except IntegrityError:
        raise DomainError(_("You have already asked for this version.")) from None
    audit_record(actor=actor, verb=SupportVerb.DOWNLOAD_REQUESTED, target=request)
    return request


@transaction.atomic
def download_request_decide(
    *, actor: Actor, request: DownloadRequest, approve: bool
) -> DownloadRequest:
    require(actor, "console.support.work")
    status = DownloadRequest.Status.APPROVED if approve else DownloadRequest.Status.REJECTED
    updated = DownloadRequest.objects.filter(
        pk=request.pk, status=DownloadRequest.Status.PENDING
    ).update(status=status, decided_by=actor.user, decided_at=timezone.now())
    if not updated:
        raise DomainError(_("This request has already been decided."))
    request.refresh_from_db()
    audit_record(actor=actor, verb=SupportVerb.DOWNLOAD_REQUEST_DECIDED, target=request)
    _email(
        request.requested_by,
        "download_request_decided",
        {"request": request, "link": settings.PORTAL_BASE_URL + reverse("support:downloads")},
    )
    return request
