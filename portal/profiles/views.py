"""My profile (PROF-1, PROF-2, AUTH-4): one page, three forms, each posted to its own URL.

With htmx a form's answer is its own section only, so what is typed in the others stays on the
page; without htmx the same URL redirects back to the page with a message.
"""

import hashlib
from collections.abc import Callable
from functools import wraps
from urllib.parse import urlsplit

from allauth.core import ratelimit
from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.shortcuts import redirect, render
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext_lazy as _
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET, require_POST

from portal.access.policies import can, require
from portal.core.crypto import DecryptionError
from portal.core.forms import SERVICE_ERRORS, add_service_error
from portal.core.lazy import deferred

from . import services
from .forms import EmailChangeForm, ForumCredentialForm, PersonalInfoForm, PreferencesForm
from .mfa import mfa_required, totp_enabled
from .selectors import forum_credential_for, forum_login_for

PARTIALS = {
    "personal": "profiles/partials/_personal.html",
    "preferences": "profiles/partials/_preferences.html",
    "forum": "profiles/partials/_forum.html",
}


def member_required(view):
    """Every signed-in member, in any realm. A superuser with no membership has only the admin."""

    @login_required
    @wraps(view)
    def wrapper(request, *args, **kwargs):
        if request.actor is None:
            return redirect("home")
        return view(request, *args, **kwargs)

    return wrapper


@require_GET
@member_required
def profile(request):
    return render(request, "profiles/profile.html", _page_context(request))


@require_POST
@member_required
def personal(request):
    form = PersonalInfoForm(request.POST, user=request.actor.user)
    before = request.actor.user.language

    def save(data):
        services.profile_update(actor=request.actor, **data)
        # A new language takes effect on this very response, not on the next page.
        translation.activate(request.actor.user.language)
        request.LANGUAGE_CODE = translation.get_language()

    response = _save_part(
        request,
        part="personal",
        form=form,
        save=save,
        saved_message=_("Your personal information is saved."),
    )
    if request.htmx and request.actor.user.language != before:
        # the menu and the rest of the page speak the old language: reload it all, with the
        # confirmation waiting at the top
        messages.success(request, _("Your personal information is saved."))
        response["HX-Refresh"] = "true"
    return response


@require_POST
@member_required
def preferences(request):
    user = request.actor.user
    form = PreferencesForm(request.POST, user=user, offer_newsletter=_offers_newsletter(request))
    return _save_part(
        request,
        part="preferences",
        form=form,
        # not offered: the stored choice stays as it is
        save=lambda data: services.preferences_update(
            actor=request.actor, **{"newsletter": user.newsletter, **data}
        ),
        saved_message=_("Your communication preferences are saved."),
    )


@require_POST
@member_required
def forum(request):
    require(request.actor, "forum.open")  # the forum is for partner members (SPEC §3)
    actor = request.actor
    if request.POST.get("remove"):
        services.forum_credential_delete(actor=actor)
        form = ForumCredentialForm()
        return _part_response(
            request, "forum", form, saved=True, message=_("Your forum credentials are removed.")
        )
    form = ForumCredentialForm(request.POST, credential=forum_credential_for(actor=actor))
    return _save_part(
        request,
        part="forum",
        form=form,
        save=lambda data: services.forum_credential_save(actor=actor, **data),
        saved_message=_("Your forum credentials are saved."),
    )


@require_POST
@member_required
def email_change(request):
    """Ask for a new login email: a link goes to it; the answer never tells whose it is."""
    form = EmailChangeForm(request.POST)
    if form.is_valid():
        if not ratelimit.consume(request, action="email_change", user=request.user):
            form.add_error(None, _("Too many attempts. Try again in a few minutes."))
        else:
            try:
                services.email_change_request(actor=request.actor, **form.cleaned_data)
            except SERVICE_ERRORS as error:
                add_service_error(form, error)
            else:
                messages.success(
                    request,
                    _(
                        "If the address can be used for your login, a link to confirm it is on "
                        "its way to %(email)s. Your login email changes when you follow it."
                    )
                    % {"email": form.cleaned_data["new_email"]},
                )
                return redirect(reverse("profiles:profile") + "#security")
    return render(request, "profiles/profile.html", _page_context(request, email=form), status=400)


@member_required
@never_cache
def email_confirm(request, token: str):
    """The link from the new address, followed while signed in: a GET shows, a POST switches
    (mail scanners open links; only the person's click changes the login)."""
    change = services.email_change_lookup(actor=request.actor, raw=token)
    if change is None:
        return render(request, "profiles/email_change_invalid.html", status=410)
    if request.method == "POST":
        try:
            user = services.email_change_confirm(actor=request.actor, raw=token)
        except SERVICE_ERRORS:
            return render(request, "profiles/email_change_invalid.html", status=410)
        messages.success(request, _("You now sign in with %(email)s.") % {"email": user.email})
        return redirect(reverse("profiles:profile") + "#security")
    return render(request, "profiles/email_change_confirm.html", {"change": change})


def _forum_origin() -> str:
    parts = urlsplit(settings.PORTAL_FORUM_LOGIN_URL)
    return f"{parts.scheme}://{parts.netloc}"


@require_POST
@member_required
@never_cache
def forum_open(request):
    """Sign the member in to the forum: a form that posts their login there at once."""
    require(request.actor, "forum.open")
    if not settings.PORTAL_FORUM_LOGIN_URL:
        messages.info(
            request,
            _(
                "No forum is connected to this portal yet. Your forum login stays stored and "
                "“Open forum” works as soon as the vendor connects it."
            ),
        )
        return redirect(reverse("profiles:profile") + "#forum")
    try:
        login = forum_login_for(actor=request.actor)
    except DecryptionError:
        messages.error(
            request, _("Your stored forum password can no longer be read. Please enter it again.")
        )
        return redirect(reverse("profiles:profile") + "#forum")
    if login is None:
        messages.error(
            request,
            _("No forum credentials are stored. Enter your forum user name and password first."),
        )
        return redirect(reverse("profiles:profile") + "#forum")
    response = render(
        request,
        "profiles/forum_open.html",
        {"login": login, "forum_url": settings.PORTAL_FORUM_LOGIN_URL},
    )
    # The forum sees where the login comes from (its origin only, no path); the site-wide
    # "same-origin" policy would send it `Origin: null`, which sign-in forms often refuse.
    response["Referrer-Policy"] = "origin"
    # The Content-Security-Policy lets this one page post its form to the forum.
    response._csp_update = {"form-action": [_forum_origin()]}
    return response


def _save_part(request, *, part: str, form, save: Callable[[dict], object], saved_message):
    """Validate, call the service, and answer with the part (htmx) or the page."""
    saved = False
    if form.is_valid():
        try:
            save(form.cleaned_data)
        except SERVICE_ERRORS as error:
            add_service_error(form, error)
        else:
            saved = True
    if saved:
        form = _fresh_form(request, part)
    return _part_response(request, part, form, saved=saved, message=saved_message)


def _part_response(request, part: str, form, *, saved: bool, message):
    if request.htmx:
        return render(request, PARTIALS[part], _part_context(request, part, form, saved=saved))
    if saved:
        messages.success(request, message)
        return redirect(reverse("profiles:profile") + f"#{part}")
    return render(request, "profiles/profile.html", _page_context(request, **{part: form}))


def _offers_newsletter(request) -> bool:
    """Partner levels the newsletter is not sent to (IT / Tech support) are not offered it."""
    actor = request.actor
    return actor.realm != "partner" or can(actor, "newsletter.receive")


def _fresh_form(request, part: str):
    user = request.actor.user
    if part == "personal":
        return PersonalInfoForm(user=user)
    if part == "preferences":
        return PreferencesForm(user=user, offer_newsletter=_offers_newsletter(request))
    return ForumCredentialForm(credential=forum_credential_for(actor=request.actor))


def _part_context(request, part: str, form, *, saved: bool = False) -> dict:
    context = {f"{part}_form": form, f"{part}_saved": saved}
    if part == "forum":
        context["forum_credential"] = forum_credential_for(actor=request.actor)
    return context


def _page_context(request, **bound_forms) -> dict:
    """Read when the page is rendered: not when its content comes from the cache ({% kept %},
    keyed by `_person_key` too)."""
    actor = request.actor
    credential = deferred(lambda: forum_credential_for(actor=actor))
    return {
        "personal_form": bound_forms.get("personal")
        or deferred(lambda: PersonalInfoForm(user=actor.user)),
        "preferences_form": bound_forms.get("preferences")
        or deferred(
            lambda: PreferencesForm(user=actor.user, offer_newsletter=_offers_newsletter(request))
        ),
        "forum_form": bound_forms.get("forum")
        or deferred(lambda: ForumCredentialForm(credential=credential or None)),
        "forum_credential": credential,
        "email_form": bound_forms.get("email") or EmailChangeForm(),
        "forum_allowed": can(actor, "forum.open"),
        "totp_enabled": deferred(lambda: totp_enabled(actor.user)),
        "mfa_required": mfa_required(actor),
        "person_key": _person_key(actor.user),
    }


def _person_key(user) -> str:
    """The person's own row, as the kept page's key. Their authenticator app and forum login are
    in other tables: the services and allauth's signals that change them tell every company of
    the person (`figures.person_changed`), so the page needs no query to notice."""
    own = tuple(getattr(user, field.attname) for field in user._meta.concrete_fields)
    return hashlib.blake2b(repr(own).encode(), digest_size=16).hexdigest()
