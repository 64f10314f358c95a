"""The address of a reseller's storefront sign-in page (CUST-6: storefront users log in to the
storefront of their reseller).

`/store/<name>-<id>-<signature>/login/`: the reseller's name makes the address readable, the
signature (an HMAC of the id under the site's secret key) makes it unguessable, so the sign-in
pages cannot be walked to list the vendor's resellers. Renaming the reseller keeps old links
working (only the id is signed); rotating DJANGO_SECRET_KEY changes every address.
"""

import re

from django.conf import settings
from django.http import Http404
from django.urls import reverse
from django.utils.crypto import constant_time_compare, salted_hmac
from django.utils.text import slugify

from portal.tenancy.models import Organization, OrganizationKind

_SALT = "portal.storefront.login"
_TOKEN = re.compile(r"^(?:[a-z0-9-]*-)?(?P<pk>\d{1,12})-(?P<sig>[0-9a-f]{12})$")


def _signature(pk: int) -> str:
    return salted_hmac(_SALT, str(pk), algorithm="sha256").hexdigest()[:12]


def storefront_token(reseller: Organization) -> str:
    name = slugify(reseller.name)[:40].strip("-")
    return (
        f"{name}-{reseller.pk}-{_signature(reseller.pk)}"
        if name
        else (f"{reseller.pk}-{_signature(reseller.pk)}")
    )


def storefront_login_path(reseller: Organization) -> str:
    return reverse("storefront_login", args=[storefront_token(reseller)])


def storefront_login_url(reseller: Organization) -> str:
    return settings.PORTAL_BASE_URL + storefront_login_path(reseller)


def reseller_for_token(token: str) -> Organization:
    """The reseller of a sign-in address, or 404 for anything forged, mistyped or not a
    reseller (the same answer for each)."""
    match = _TOKEN.match(token or "")
    if match is None or not constant_time_compare(match["sig"], _signature(int(match["pk"]))):
        raise Http404
    reseller = Organization.objects.filter(
        pk=int(match["pk"]), kind=OrganizationKind.RESELLER, is_active=True
    ).first()
    if reseller is None:
        raise Http404
    return reseller
