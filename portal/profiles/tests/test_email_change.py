"""Issue 8, High 1: the login email changes only through a link sent to the new address, after the
current password, with a notice to the old address and an audit entry; allauth's email page is
gone."""

import re
from datetime import timedelta

import pytest
from allauth.account.models import EmailAddress
from django.core import mail
from django.core.cache import cache
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from portal.audit.models import AuditEvent
from portal.profiles.models import EmailChangeRequest

CHANGE = "/profile/email/"
SENT = "If the address can be used for your login, a link to confirm it is on its way"


@pytest.fixture(autouse=True)
def _fresh_rate_limits():
    cache.clear()  # the per-person limit on tries lives in the cache, shared across tests


@pytest.fixture
def sales(tenant_a, login):
    login(tenant_a.members["sales"])
    return tenant_a.members["sales"].user


def _link(body: str) -> str:
    return re.search(r"https?://\S+/profile/email/confirm/\S+/", body).group(0)


def _path(link: str) -> str:
    return "/" + link.split("://", 1)[1].split("/", 1)[1]


def _request(client, email, password, capture):
    with capture(execute=True):
        return client.post(CHANGE, {"new_email": email, "password": password}, follow=True)


@pytest.mark.parametrize(
    "path",
    ["/accounts/email/", "/accounts/confirm-email/", "/accounts/signup/", "/accounts/"],
)
def test_allauth_pages_that_add_addresses_are_gone(client, sales, path):
    assert client.get(path).status_code == 404
    assert client.post(path, {"action_add": "", "email": "x@evil.test"}).status_code == 404
    assert not EmailAddress.objects.filter(email="x@evil.test").exists()


def test_the_email_url_names_are_not_routed():
    for name in ("account_email", "account_signup", "account_email_verification_sent"):
        with pytest.raises(NoReverseMatch):
            reverse(name)


def test_change_goes_through_a_link_to_the_new_address(
    client, sales, password, django_capture_on_commit_callbacks
):
    old = sales.email
    response = _request(client, "New.Me@Sales.test", password, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert SENT in response.content.decode()
    sales.refresh_from_db()
    assert sales.email == old  # nothing changes before the link is followed
    message = mail.outbox[-1]
    assert message.to == ["new.me@sales.test"]
    link = _link(message.body)
    raw = link.rstrip("/").rsplit("/", 1)[1]
    stored = EmailChangeRequest.objects.get(user=sales)
    assert raw not in stored.token_hash and stored.new_email == "new.me@sales.test"

    page = client.get(_path(link))
    assert page.status_code == 200 and "new.me@sales.test" in page.content.decode()
    sales.refresh_from_db()
    assert sales.email == old  # a GET (a mail scanner's preview) changes nothing
    with django_capture_on_commit_callbacks(execute=True):
        done = client.post(_path(link), follow=True)
    assert done.status_code == 200
    sales.refresh_from_db()
    assert sales.email == "new.me@sales.test"
    rows = list(EmailAddress.objects.filter(user=sales).values_list("email", "primary", "verified"))
    assert rows == [("new.me@sales.test", True, True)]
    notice = mail.outbox[-1]
    assert notice.to == [old] and "new.me@sales.test" in notice.body
    verbs = set(AuditEvent.objects.values_list("verb", flat=True))
    assert {"profile.email_change_requested", "profile.email_changed"} <= verbs
    # single use
    again = client.post(_path(link))
    assert again.status_code == 410
    # the new address signs in, the old one no longer does
    client.logout()
    assert client.login(email="new.me@sales.test", password=password)


def test_the_current_password_is_required(client, sales, django_capture_on_commit_callbacks):
    sent = len(mail.outbox)
    response = _request(
        client, "n@sales.test", "wrong-password", django_capture_on_commit_callbacks
    )
    assert response.status_code == 400
    assert "Your current password is not correct." in response.content.decode()
    assert len(mail.outbox) == sent and not EmailChangeRequest.objects.exists()


def test_an_address_of_another_login_is_not_revealed(
    client, sales, tenant_b, password, django_capture_on_commit_callbacks
):
    taken = tenant_b.members["basic"].user.email
    sent = len(mail.outbox)
    response = _request(client, taken.upper(), password, django_capture_on_commit_callbacks)
    assert response.status_code == 200
    assert SENT in response.content.decode()  # the same answer as for a free address
    assert len(mail.outbox) == sent
    assert not EmailChangeRequest.objects.exists()
    sales.refresh_from_db()
    assert sales.email != taken


def test_a_link_taken_meanwhile_is_refused_without_a_500(
    client, sales, tenant_b, password, django_capture_on_commit_callbacks
):
    _request(client, "race@sales.test", password, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[-1].body)
    other = tenant_b.members["basic"].user
    type(other).objects.filter(pk=other.pk).update(email="race@sales.test")
    response = client.post(_path(link))
    assert response.status_code == 410
    sales.refresh_from_db()
    assert sales.email != "race@sales.test"


def test_another_persons_link_and_an_expired_link_do_nothing(
    client, sales, tenant_a, login, password, django_capture_on_commit_callbacks
):
    _request(client, "mine@sales.test", password, django_capture_on_commit_callbacks)
    link = _link(mail.outbox[-1].body)
    login(tenant_a.members["basic"])
    assert client.post(_path(link)).status_code == 410
    assert not type(sales).objects.filter(email="mine@sales.test").exists()
    login(tenant_a.members["sales"])
    EmailChangeRequest.objects.update(expires_at=timezone.now() - timedelta(seconds=1))
    assert client.post(_path(link)).status_code == 410
    assert not type(sales).objects.filter(email="mine@sales.test").exists()


def test_following_the_link_signed_out_asks_to_sign_in_first(
    client, sales, password, django_capture_on_commit_callbacks
):
    _request(client, "later@sales.test", password, django_capture_on_commit_callbacks)
    link = _path(_link(mail.outbox[-1].body))
    client.logout()
    response = client.get(link)
    assert response.status_code == 302
    assert response.url.startswith(reverse("account_login")) and "next=" in response.url


def test_a_new_request_replaces_the_earlier_link(
    client, sales, password, django_capture_on_commit_callbacks
):
    _request(client, "first@sales.test", password, django_capture_on_commit_callbacks)
    first = _path(_link(mail.outbox[-1].body))
    _request(client, "second@sales.test", password, django_capture_on_commit_callbacks)
    assert client.post(first).status_code == 410


def test_password_guesses_are_limited(client, sales, django_capture_on_commit_callbacks):
    for _ in range(5):
        _request(client, "g@sales.test", "wrong-password", django_capture_on_commit_callbacks)
    response = _request(client, "g@sales.test", "wrong", django_capture_on_commit_callbacks)
    assert "Too many attempts" in response.content.decode()
