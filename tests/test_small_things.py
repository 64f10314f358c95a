"""The smaller stumbles of issue 10, point 12."""

from datetime import date

from django.utils import translation

from portal.core.templatetags import portal_format


def test_it_is_not_offered_the_newsletter_basic_is(tenant_a, login):
    it_page = login(tenant_a.members["it"]).get("/profile/").content.decode()
    assert 'name="newsletter"' not in it_page and 'name="update_notices"' in it_page
    basic_page = login(tenant_a.members["basic"]).get("/profile/").content.decode()
    assert 'name="newsletter"' in basic_page


def test_saving_preferences_without_the_newsletter_keeps_the_stored_choice(tenant_a, login):
    it = tenant_a.members["it"].user
    login(tenant_a.members["it"]).post("/profile/preferences/", {"update_notices": "on"})
    it.refresh_from_db()
    assert it.newsletter is True and it.update_notices is True and it.case_emails is False


def test_a_hungarian_date_format_exists(monkeypatch):
    monkeypatch.setattr(portal_format, "current_date_format", lambda: "Y.m.d.")
    assert portal_format.userdate(date(2026, 12, 31)) == "2026.12.31."


def test_the_403_page_keeps_the_application_shell(tenant_a, login):
    response = login(tenant_a.members["basic"]).get("/portal/employees/")
    body = response.content.decode()
    assert response.status_code == 403
    assert 'data-testid="not-allowed"' in body and '<aside class="sidebar"' in body


def test_the_brand_appears_once_in_the_partner_sidebar(tenant_a, login):
    body = login(tenant_a.members["primary"]).get("/portal/").content.decode()
    sidebar = body.split('<aside class="sidebar"')[1].split("</aside>")[0]
    with translation.override("en"):
        assert sidebar.lower().count("partner portal") == 1


def test_no_long_signed_in_flash_after_login(tenant_a, client, password):
    response = client.post(
        "/accounts/login/",
        {"login": tenant_a.members["primary"].user.email, "password": password},
        follow=True,
    )
    assert response.status_code == 200 and "Successfully signed in" not in response.content.decode()


def test_an_outbox_search_without_match_says_so(vendor_admin, login):
    body = login(vendor_admin).get("/console/mail/outbox/?q=zzz-nothing").content.decode()
    assert "No emails match" in body and "No emails yet." not in body


def test_every_level_has_next_steps_on_its_home(tenant_a, login):
    for level in ("basic", "sales", "it"):
        body = login(tenant_a.members[level]).get("/portal/").content.decode()
        steps = body.split('data-testid="next-steps"')[1].split("</section>")[0]
        assert 'href="/profile/"' in steps and 'href="/portal/company/"' in steps, level
        assert 'href="/portal/employees/"' not in steps, level


def test_required_fields_are_marked_alike_on_every_page(tenant_a, login):
    profile = login(tenant_a.members["primary"]).get("/profile/").content.decode()
    assert "(optional)" not in profile and 'aria-hidden="true">*</span>' in profile
