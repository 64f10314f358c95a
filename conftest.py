import pytest

from portal.demo.testing import PASSWORD, make_tenant, make_vendor_member
from portal.programs.selectors import terms_gate_open
from portal.tenancy.models import OrganizationKind


@pytest.fixture
def password():
    return PASSWORD


@pytest.fixture
def tenant_a(db):
    return make_tenant("Alpha Resale")


@pytest.fixture
def tenant_b(db):
    return make_tenant("Bravo Resale")


@pytest.fixture
def vendor_admin(db):
    return make_vendor_member()


@pytest.fixture
def login(client):
    """Log a membership's person in on the test client and make that membership active."""

    def _login(membership):
        client.force_login(membership.user)
        session = client.session
        session["active_membership_id"] = membership.pk
        session.save()
        # as after the landing page of a real sign-in: the terms gate's answer is kept, so
        # query counts of the first page and the next are alike
        if membership.organization.kind == OrganizationKind.RESELLER:
            terms_gate_open(membership.organization)
        return client

    return _login


@pytest.fixture(autouse=True)
def _english_to_start_with():
    """Each test starts in the default language: a request of a Polish or Hungarian person in an
    earlier test leaves its language active on the thread (a server's next request resets it)."""
    from django.utils import translation

    translation.activate("en")
    yield
    translation.deactivate()


@pytest.fixture(autouse=True)
def _empty_cache():
    """Each test starts with an empty cache: throttling counts every login of the run per client
    address (600 a minute from 127.0.0.1), and a fast machine signing in through the form in
    test after test would reach it and see 429 in an unrelated test."""
    from django.core.cache import cache, caches

    cache.clear()
    caches["figures"].clear()  # figures and kept page parts of another test's data
    yield


@pytest.fixture
def figures_cache(settings):
    """The figures cache on, as in production (tests run with it off: config/settings/test.py):
    home figures and kept page parts come from it until a change."""
    settings.PORTAL_FIGURES_CACHE_SECONDS = 120
