"""The support desk's console pages (SUP-4, SPEC §5), mounted under /console/support/: the case
queue and a case's page (assign, reply, internal notes, status), phone cases, entitlement and the
cut-over date, paid support requests, live session slots, bookings and coupons, knowledge-base
articles, downloads and the requests for software versions."""

from django.contrib import messages
from django.db.models import Q
from django.http import Http404
from django.shortcuts import redirect, render
from django.urls import path
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access.decorators import permission_required
from portal.core.files import serve_private_file
from portal.core.forms import SERVICE_ERRORS, add_service_error, service_error_message
from portal.core.pagination import paginate, paginate_table
from portal.core.scoping import get_for_actor
from portal.tenancy.models import Membership

from . import services
from .filters import QueueFilter
from .forms import (
    ArticleForm,
    ArticleSearchForm,
    AssignForm,
    ContractForm,
    CouponForm,
    DecisionForm,
    DownloadForm,
    PaidSupportDecisionForm,
    PhoneCaseForm,
    ReplyForm,
    SlotForm,
    StatusForm,
    SupportSettingsForm,
)
from .models import Article, CaseAttachment, DownloadRequest, PaidSupportRequest
from .selectors import (
    case_conversation,
    case_files,
    company_bookings,
    company_coupons,
    download_list,
    download_requests,
    open_slots,
    paid_support_requests,
    partner_companies,
    support_queue,
)
from .tables import ConsoleArticleTable, QueueTable

WORK = "console.support.work"


@permission_required(WORK)
def queue(request):
    staff = services.support_staff()
    data = request.GET.copy()
    if "status" not in data:
        data["status"] = QueueFilter.OPEN  # the open cases, unless asked otherwise
    queue_filter = QueueFilter(data, queryset=support_queue(actor=request.actor), staff=staff)
    table = QueueTable(queue_filter.qs)
    paginate_table(request, table, per_page=25)
    template = (
        "support/console/partials/_queue_rows.html"
        if request.htmx
        else "support/console/queue.html"
    )
    return render(request, template, {"filter": queue_filter, "table": table})


def _case_page(request, case, *, reply_form=None, status=200):
    actor = request.actor
    staff = services.support_staff()
    return render(
        request,
        "support/console/case_detail.html",
        {
            "case": case,
            "conversation": case_conversation(actor=actor, case=case),
            "files": case_files(actor=actor, case=case),
            "reply_form": reply_form or ReplyForm(),
            "assign_form": AssignForm(
                staff=staff, initial={"assignee": str(case.assignee_id or actor.user.pk)}
            ),
            "status_form": StatusForm(initial={"status": case.status}),
            "contract": services.contract_for(case.organization),
            "free": services.case_support_is_free(case.organization),
        },
        status=status,
    )


def _case(request, case_id):
    return get_for_actor(
        request.actor,
        support_queue(actor=request.actor),
        case_id,
    )


@permission_required(WORK)
def case_detail(request, case_id: int):
    return _case_page(request, _case(request, case_id))


@require_POST
@permission_required(WORK)
def case_reply(request, case_id: int):
    case = _case(request, case_id)
    form = ReplyForm(request.POST, request.FILES)
    if form.is_valid():
        data = form.cleaned_data
        try:
            services.case_reply(
                actor=request.actor,
                case=case,
                body=data["body"],
                internal=data["internal"],
                status=data["status"],
                files=data["files"],
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Internal note added.")
                if data["internal"]
                else _("Reply sent; the partner is emailed."),
            )
            return redirect("console:support_case", case_id=case.pk)
    return _case_page(request, case, reply_form=form, status=400)


@require_POST
@permission_required(WORK)
def case_assign(request, case_id: int):
    case = _case(request, case_id)
    form = AssignForm(request.POST, staff=services.support_staff())
    if form.is_valid():
        try:
            services.case_assign(
                actor=request.actor, case=case, assignee=form.cleaned_data["assignee"]
            )
        except SERVICE_ERRORS as error:
            messages.error(request, service_error_message(error))
        else:
            messages.success(request, _("Case assigned."))
    else:
        messages.error(request, _("Choose a support technician."))
    return redirect("console:support_case", case_id=case.pk)


@require_POST
@permission_required(WORK)
def case_status(request, case_id: int):
    case = _case(request, case_id)
    form = StatusForm(request.POST)
    if form.is_valid():
        services.case_set_status(actor=request.actor, case=case, status=form.cleaned_data["status"])
        messages.success(request, _("Status changed."))
    else:
        messages.error(request, _("Choose a status."))
    return redirect("console:support_case", case_id=case.pk)


@permission_required(WORK)
def case_attachment(request, case_id: int, attachment_id: int):
    case = _case(request, case_id)
    attachment = get_for_actor(
        request.actor, CaseAttachment.objects.filter(case=case), attachment_id
    )
    return serve_private_file(attachment.file, filename=attachment.original_name)


@permission_required(WORK)
def phone_case(request):
    companies = partner_companies(actor=request.actor)
    form = PhoneCaseForm(request.POST or None, companies=companies)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        caller = None
        if data["caller_email"]:
            caller = (
                Membership.objects.for_actor(request.actor)
                .filter(organization=data["organization"], user__email__iexact=data["caller_email"])
                .select_related("user")
                .first()
            )
            if caller is None:
                form.add_error("caller_email", _("No employee of this company has this email."))
        if not form.errors:
            try:
                case = services.case_phone_log(
                    actor=request.actor,
                    organization=data["organization"],
                    caller=caller,
                    subject=data["subject"],
                    description=data["description"],
                    severity=data["severity"],
                    product=data["product"],
                )
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Phone case %(ref)s logged.") % {"ref": case.reference})
                return redirect("console:support_case", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "support/console/phone_case.html", {"form": form}, status=status)


# ----------------------------------------------------------------------------- entitlement


@permission_required(WORK)
def contracts(request):
    settings_form = SupportSettingsForm(
        request.POST or None,
        initial={"paid_support_from": services.support_settings().paid_support_from},
    )
    status = 200
    if request.method == "POST":
        if settings_form.is_valid():
            services.settings_update(
                actor=request.actor,
                paid_support_from=settings_form.cleaned_data["paid_support_from"],
            )
            messages.success(request, _("Support settings saved."))
            return redirect("console:support_contracts")
        status = 400
    search = ArticleSearchForm(request.GET)
    query = search.cleaned_data["q"].strip() if search.is_valid() else ""
    companies = partner_companies(actor=request.actor).select_related("support_contract")
    if query:
        companies = companies.filter(name__icontains=query)
    return render(
        request,
        "support/console/contracts.html",
        {"settings_form": settings_form, "page": paginate(request, companies), "q": query},
        status=status,
    )


@permission_required(WORK)
def contract_edit(request, organization_id: int):
    company = get_for_actor(request.actor, partner_companies(actor=request.actor), organization_id)
    contract = services.contract_for(company)
    form = ContractForm(
        request.POST or None,
        initial={
            name: getattr(contract, name)
            for name in (
                "maintenance_until",
                "paid_support_until",
                "initial_support_start",
                "initial_support_end",
            )
        },
    )
    if request.method == "POST" and form.is_valid():
        try:
            services.contract_update(actor=request.actor, organization=company, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Entitlement of %(name)s saved.") % {"name": company.name})
            return redirect("console:support_contracts")
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "support/console/contract_edit.html",
        {"company": company, "form": form},
        status=status,
    )


@permission_required(WORK)
def paid_requests(request):
    return render(
        request,
        "support/console/paid_requests.html",
        {
            "page": paginate(
                request, paid_support_requests(actor=request.actor).order_by("-created_at")
            ),
            "form": PaidSupportDecisionForm(),
        },
    )


@require_POST
@permission_required(WORK)
def paid_request_decide(request, paid_request_id: int):
    paid_request = get_for_actor(request.actor, PaidSupportRequest, paid_request_id)
    form = PaidSupportDecisionForm(request.POST)
    if form.is_valid():
        try:
            services.paid_support_decide(
                actor=request.actor,
                request=paid_request,
                accept=form.cleaned_data["decision"] == "accept",
                paid_until=form.cleaned_data["paid_until"],
            )
        except SERVICE_ERRORS as error:
            messages.error(request, service_error_message(error))
        else:
            messages.success(request, _("Decision saved; the partner is emailed."))
    else:
        messages.error(request, _("Choose a decision."))
    return redirect("console:support_paid_requests")


# --------------------------------------------------------------------------- live sessions


def _sessions_page(request, *, slot_form=None, coupon_form=None, status=200):
    companies = partner_companies(actor=request.actor)
    return render(
        request,
        "support/console/sessions.html",
        {
            "slots": paginate(request, open_slots()),
            "bookings": company_bookings(actor=request.actor)[:100],
            "coupons": company_coupons(actor=request.actor)[:100],
            "slot_form": slot_form or SlotForm(),
            "coupon_form": coupon_form or CouponForm(companies=companies),
        },
        status=status,
    )


@permission_required(WORK)
def sessions(request):
    return _sessions_page(request)


@require_POST
@permission_required(WORK)
def slot_publish(request):
    form = SlotForm(request.POST)
    if form.is_valid():
        try:
            services.slot_publish(actor=request.actor, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Slot published."))
            return redirect("console:support_sessions")
    return _sessions_page(request, slot_form=form, status=400)


@require_POST
@permission_required(WORK)
def coupon_create(request):
    form = CouponForm(request.POST, companies=partner_companies(actor=request.actor))
    if form.is_valid():
        try:
            services.coupon_create(actor=request.actor, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Coupon created."))
            return redirect("console:support_sessions")
    return _sessions_page(request, coupon_form=form, status=400)


# -------------------------------------------------------------------------- knowledge base


@permission_required("console.kb.write")
def articles(request):
    form = ArticleSearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    query = (data.get("q") or "").strip()
    rows = Article.objects.select_related("category")
    if query:
        rows = rows.filter(Q(title__icontains=query) | Q(body__icontains=query))
    table = ConsoleArticleTable(rows)
    paginate_table(request, table, per_page=25)
    return render(request, "support/console/articles.html", {"form": form, "table": table})


@permission_required("console.kb.write")
def article_edit(request, article_id: int | None = None):
    article = None
    if article_id is not None:
        article = Article.objects.filter(pk=article_id).first()
        if article is None:
            raise Http404
    form = ArticleForm(request.POST or None, instance=article)
    if request.method == "POST" and form.is_valid():
        try:
            saved = services.article_save(actor=request.actor, article=article, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Article saved."))
            return redirect("console:support_article", article_id=saved.pk)
    status = 400 if request.method == "POST" else 200
    return render(
        request,
        "support/console/article_edit.html",
        {"form": form, "article": article},
        status=status,
    )


# ------------------------------------------------------------------------------- downloads


@permission_required(WORK)
def downloads(request, *, form=None, status=200):
    return render(
        request,
        "support/console/downloads.html",
        {
            "page": paginate(request, download_list(actor=request.actor)),
            "requests": download_requests(actor=request.actor)
            .filter(status=DownloadRequest.Status.PENDING)
            .order_by("created_at")[:100],
            "form": form or DownloadForm(),
        },
        status=status,
    )


@require_POST
@permission_required(WORK)
def download_publish(request):
    form = DownloadForm(request.POST, request.FILES)
    if form.is_valid():
        try:
            services.download_publish(actor=request.actor, **form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(request, _("Download published."))
            return redirect("console:support_downloads")
    return downloads(request, form=form, status=400)


@require_POST
@permission_required(WORK)
def download_request_decide(request, download_request_id: int):
    download_request = get_for_actor(request.actor, DownloadRequest, download_request_id)
    form = DecisionForm(request.POST)
    if form.is_valid():
        try:
            services.download_request_decide(
                actor=request.actor,
                request=download_request,
                approve=form.cleaned_data["decision"] == "approve",
            )
        except SERVICE_ERRORS as error:
            messages.error(request, service_error_message(error))
        else:
            messages.success(request, _("Decision saved; the member is emailed."))
    return redirect("console:support_downloads")


urlpatterns = [
    path("", queue, name="support_queue"),
    path("cases/<int:case_id>/", case_detail, name="support_case"),
    path("cases/<int:case_id>/reply/", case_reply, name="support_case_reply"),
    path("cases/<int:case_id>/assign/", case_assign, name="support_case_assign"),
    path("cases/<int:case_id>/status/", case_status, name="support_case_status"),
    path(
        "cases/<int:case_id>/files/<int:attachment_id>/",
        case_attachment,
        name="support_case_attachment",
    ),
    path("phone/", phone_case, name="support_phone"),
    path("entitlement/", contracts, name="support_contracts"),
    path("entitlement/<int:organization_id>/", contract_edit, name="support_contract"),
    path("paid/", paid_requests, name="support_paid_requests"),
    path("paid/<int:paid_request_id>/", paid_request_decide, name="support_paid_decide"),
    path("sessions/", sessions, name="support_sessions"),
    path("sessions/slots/", slot_publish, name="support_slot_publish"),
    path("sessions/coupons/", coupon_create, name="support_coupon_create"),
    path("kb/", articles, name="support_articles"),
    path("kb/new/", article_edit, name="support_article_new"),
    path("kb/<int:article_id>/", article_edit, name="support_article"),
    path("downloads/", downloads, name="support_downloads"),
    path("downloads/publish/", download_publish, name="support_download_publish"),
    path(
        "downloads/requests/<int:download_request_id>/",
        download_request_decide,
        name="support_download_decide",
    ),
]
