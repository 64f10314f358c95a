"""A person not yet activated who tries to sign in is told how to activate and can ask for a new
link, with the same answer for any address (issue 10, point 7)."""

from portal.mail.models import OutboundEmail
from portal.team import services
from portal.tenancy.models import Level


def test_a_failed_sign_in_offers_a_new_activation_link(client, tenant_a):
    services.member_add(
        actor=None,
        organization=tenant_a.organization,
        email="waiting@alpharesale.test",
        full_name="Wanda Waiting",
        role=Level.BASIC,
    )
    for email in ("waiting@alpharesale.test", "nobody@nowhere.test"):
        page = client.post("/accounts/login/", {"login": email, "password": "anything-at-all"})
        body = page.content.decode()
        assert "Not activated your account yet?" in body
        assert f'name="email" value="{email}"' in body
    answer = client.post("/activate/", {"email": "waiting@alpharesale.test"}, follow=True)
    same = client.post("/activate/", {"email": "nobody@nowhere.test"}, follow=True)
    text = "a new link is on its way"
    assert text in answer.content.decode() and text in same.content.decode()
    assert OutboundEmail.objects.filter(to="waiting@alpharesale.test").count() == 1
    assert not OutboundEmail.objects.filter(to="nobody@nowhere.test").exists()
