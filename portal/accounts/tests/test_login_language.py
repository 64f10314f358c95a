"""The sign-in page offers the language, and a new person speaks their company's (issue 10,
point 6)."""

from portal.team import services
from portal.team.models import CompanyDetails
from portal.tenancy.models import Level


def test_the_sign_in_page_offers_the_language(client, db):
    page = client.get("/accounts/login/").content.decode()
    assert 'data-testid="login-languages"' in page and ">Polski</button>" in page
    client.post("/i18n/setlang/", {"language": "pl", "next": "/accounts/login/"})
    assert "Zaloguj" in client.get("/accounts/login/").content.decode()


def test_a_new_persons_language_follows_the_company_country(tenant_a):
    CompanyDetails.objects.filter(organization=tenant_a.organization).update(country="HU")
    member = services.member_add(
        actor=None,
        organization=tenant_a.organization,
        email="uj@alpharesale.test",
        full_name="Új Ember",
        role=Level.BASIC,
    )
    assert member.user.language == "hu"
