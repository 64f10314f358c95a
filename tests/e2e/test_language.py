from playwright.sync_api import expect

from .conftest import log_in, nav_labels


def test_choosing_polish_or_hungarian_in_the_profile_translates_the_portal(page):
    log_in(page, "basic@demo.example")
    page.goto("/profile/")
    page.select_option("#id_language", "pl")
    page.locator("#personal button[type=submit]").click()
    # the page reloads in the chosen language at once, the confirmation on top
    expect(page.locator(".messages")).to_contain_text("zapisane")
    assert page.locator("html").get_attribute("lang") == "pl"
    page.goto("/portal/")
    assert nav_labels(page) == [
        "Strona główna",
        "Firma",
        "Zgłoszenia serwisowe",
        "Baza wiedzy",
        "Sesje na żywo",
        "Do pobrania",
    ]
    assert page.locator("button:text-is('Wyloguj')").is_visible()

    page.goto("/profile/")
    page.select_option("#id_language", "hu")
    page.locator("#personal button[type=submit]").click()
    expect(page.locator(".messages")).to_contain_text("mentettük")
    page.goto("/portal/")
    assert nav_labels(page) == [
        "Kezdőlap",
        "Cég",
        "Támogatási esetek",
        "Tudásbázis",
        "Élő alkalmak",
        "Letöltések",
    ]
