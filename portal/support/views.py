"""Support pages of the partner portal (/portal/support/) and the public knowledge base (/kb/)."""

from django.contrib import messages
from django.contrib.auth.views import redirect_to_login
from django.http import Http404
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _
from django.views.decorators.http import require_POST

from portal.access.decorators import permission_required
from portal.access.policies import can, require
from portal.core.files import serve_private_file
from portal.core.forms import SERVICE_ERRORS, add_service_error, service_error_message
from portal.core.pagination import paginate, paginate_table
from portal.core.scoping import get_for_actor

from . import services
from .filters import CaseFilter
from .forms import (
    ArticleSearchForm,
    BookingForm,
    CaseForm,
    CaseListForm,
    CaseUpdateForm,
    PaidSupportForm,
)
from .models import Article, Download, LiveSessionSlot
from .render import render_article
from .selectors import (
    article_list,
    case_conversation,
    case_files,
    case_list,
    company_bookings,
    company_coupons,
    download_list,
    license_keys,
    open_slots,
)
from .tables import ArticleTable, CaseTable

# ----------------------------------------------------------------------------------- cases


def _case(request, case_id: int):
    """One case through the actor's scope and the visibility rule: anything else is a 404."""
    case = get_for_actor(request.actor, case_list(actor=request.actor), case_id)
    require(request.actor, "cases.see", case, request=request)
    return case


@permission_required("cases.view_own")
def cases(request):
    actor = request.actor
    company = can(actor, "cases.view_company")
    list_form = CaseListForm(request.GET)
    show = (list_form.cleaned_data["show"] if list_form.is_valid() else "") or (
        "all" if company else "mine"
    )
    mine = show == "mine" or not company
    case_filter = CaseFilter(request.GET, queryset=case_list(actor=actor, mine=mine))
    table = CaseTable(case_filter.qs)
    paginate_table(request, table, per_page=25)
    template = "support/partials/_case_rows.html" if request.htmx else "support/case_list.html"
    return render(
        request,
        template,
        {
            "filter": case_filter,
            "table": table,
            "company": company,
            "show": "mine" if mine else "all",
            "free": services.case_support_is_free(actor.organization),
        },
    )


@permission_required("cases.create")
def case_new(request):
    actor = request.actor
    if not services.case_support_is_free(actor.organization):
        return redirect("support:paid_support")
    form = CaseForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            case = services.case_create(
                actor=actor,
                subject=data["subject"],
                description=data["description"],
                severity=data["severity"],
                product=data["product"],
                files=data["files"],
            )
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            messages.success(
                request,
                _("Case %(ref)s created. We have emailed you its reference and a link.")
                % {"ref": case.reference},
            )
            return redirect("support:case", case_id=case.pk)
    status = 400 if request.method == "POST" else 200
    return render(request, "support/case_new.html", {"form": form}, status=status)


def _case_page(request, case, *, form=None, status=200):
    actor = request.actor
    return render(
        request,
        "support/case_detail.html",
        {
            "case": case,
            "conversation": case_conversation(actor=actor, case=case),
            "files": case_files(actor=actor, case=case),
            "form": form or CaseUpdateForm(),
            "following": case.followers.filter(pk=actor.user.pk).exists(),
        },
        status=status,
    )


@permission_required("cases.view_own")
def case_detail(request, case_id: int):
    case = _case(request, case_id)
    if request.method == "POST":
        form = CaseUpdateForm(request.POST, request.FILES)
        if form.is_valid():
            try:
                services.case_update(
                    actor=request.actor,
                    case=case,
                    body=form.cleaned_data["body"],
                    files=form.cleaned_data["files"],
                )
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(request, _("Your update was added to the case."))
                return redirect("support:case", case_id=case.pk)
        return _case_page(request, case, form=form, status=400)
    return _case_page(request, case)


@require_POST
@permission_required("cases.view_own")
def case_follow(request, case_id: int):
    case = _case(request, case_id)
    follow = request.POST.get("follow") == "1"
    services.case_follow(actor=request.actor, case=case, follow=follow)
    messages.success(
        request,
        _("You will be emailed about this case.")
        if follow
        else _("You will no longer be emailed about this case."),
    )
    return redirect("support:case", case_id=case.pk)


@permission_required("cases.view_own")
def case_attachment(request, case_id: int, attachment_id: int):
    """A case's file, only to someone who may see the case (and never a note's file)."""
    from .models import CaseAttachment

    case = _case(request, case_id)
    attachment = get_for_actor(
        request.actor, CaseAttachment.objects.filter(case=case), attachment_id
    )
    return serve_private_file(attachment.file, filename=attachment.original_name)


@permission_required("cases.create")
def paid_support(request):
    """SUP-5: without active maintenance after the cut-over date, case support is paid; members
    who may order paid support (IT and up with Orders) send a request to the vendor."""
    actor = request.actor
    may_order = can(actor, "paid_support.order")
    form = PaidSupportForm(request.POST or None) if may_order else None
    status = 200
    if request.method == "POST":
        require(actor, "paid_support.order", request=request)
        if form.is_valid():
            try:
                services.paid_support_request(
                    actor=actor, description=form.cleaned_data["description"]
                )
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request, _("Your request was sent to the vendor; we will contact you.")
                )
                return redirect("support:cases")
        status = 400
    return render(
        request,
        "support/paid_support.html",
        {"form": form, "free": services.case_support_is_free(actor.organization)},
        status=status,
    )


# -------------------------------------------------------------------------- knowledge base


def _members(request) -> bool:
    actor = getattr(request, "actor", None)
    return bool(
        request.user.is_authenticated
        and actor is not None
        and (can(actor, "kb.view") or can(actor, "console.kb.write"))
    )


def kb(request):
    """SUP-6: public articles for everyone; restricted ones for signed-in members; search."""
    form = ArticleSearchForm(request.GET)
    data = form.cleaned_data if form.is_valid() else {}
    rows = article_list(
        members=_members(request), search=data.get("q", ""), category=data.get("category")
    )
    table = ArticleTable(rows)
    paginate_table(request, table, per_page=25)
    template = "support/partials/_article_rows.html" if request.htmx else "support/kb.html"
    return render(
        request,
        template,
        {
            "form": form,
            "table": table,
            "members": _members(request),
            "layout": "layouts/app.html"
            if getattr(request, "actor", None)
            else "layouts/auth.html",
        },
    )


def kb_article(request, article_id: int):
    article = (
        Article.objects.filter(is_published=True)
        .select_related("category")
        .filter(pk=article_id)
        .first()
    )
    if article is None:
        raise Http404
    if article.visibility != Article.Visibility.PUBLIC and not _members(request):
        if not request.user.is_authenticated:
            return redirect_to_login(request.get_full_path())
        raise Http404
    return render(
        request,
        "support/kb_article.html",
        {
            "article": article,
            "body": render_article(article.body),
            "layout": "layouts/app.html"
            if getattr(request, "actor", None)
            else "layouts/auth.html",
        },
    )


# --------------------------------------------------------------------------- live sessions


def _sessions_page(request, *, form=None, failed_slot=None, status=200):
    actor = request.actor
    return render(
        request,
        "support/sessions.html",
        {
            "slots": paginate(request, open_slots()),
            "bookings": company_bookings(actor=actor)[:50],
            "coupons": company_coupons(actor=actor),
            "contract": services.contract_for(actor.organization),
            "form": form or BookingForm(),
            "failed_slot": failed_slot,
        },
        status=status,
    )


@permission_required("live_sessions.book")
def sessions(request):
    return _sessions_page(request)


@require_POST
@permission_required("live_sessions.book")
def session_book(request, slot_id: int):
    slot = LiveSessionSlot.objects.filter(pk=slot_id).first()
    if slot is None:
        raise Http404
    form = BookingForm(request.POST)
    if form.is_valid():
        try:
            services.session_book(
                actor=request.actor,
                slot=slot,
                coupon_code=form.cleaned_data["coupon"],
                topic=form.cleaned_data["topic"],
            )
        except SERVICE_ERRORS as error:
            if getattr(error, "field", None) == "coupon":
                add_service_error(form, error)
            else:
                messages.error(request, service_error_message(error))
                return redirect("support:sessions")
        else:
            messages.success(request, _("Session booked. A confirmation is on its way by email."))
            return redirect("support:sessions")
    return _sessions_page(request, form=form, failed_slot=slot.pk, status=400)


# ------------------------------------------------------------------------------- downloads


@permission_required("downloads.view")
def downloads(request):
    actor = request.actor
    rows = download_list(actor=actor)
    may_receive = can(actor, "software_updates.receive")
    may_request = can(actor, "software_updates.request")
    return render(
        request,
        "support/downloads.html",
        {
            "page": paginate(request, rows),
            "may_receive": may_receive,
            "may_request": may_request,
            "keys": license_keys(actor=actor) if can(actor, "license_keys.view") else None,
        },
    )


@permission_required("downloads.view")
def download_file(request, download_id: int):
    download = Download.objects.filter(pk=download_id).first()
    if download is None:
        raise Http404
    if not services.may_download(request.actor, download):
        require(request.actor, "software_updates.receive", request=request)
    return serve_private_file(download.file, filename=download.original_name)


@require_POST
@permission_required("software_updates.request")
def download_request(request, download_id: int):
    download = Download.objects.filter(pk=download_id).first()
    if download is None:
        raise Http404
    try:
        services.download_request(actor=request.actor, download=download)
    except SERVICE_ERRORS as error:
        messages.error(request, service_error_message(error))
    else:
        messages.success(
            request, _("Request sent. The download opens once the vendor approves it.")
        )
    return redirect("support:downloads")
