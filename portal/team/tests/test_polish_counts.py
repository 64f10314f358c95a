"""Numbers before nouns take Polish plural forms, and the Hungarian says "cégvezető" (issue 10,
point 6)."""

from django.template.loader import render_to_string
from django.utils import translation


def _label(template, **widget):
    with translation.override("pl"):
        return render_to_string(template, {"widget": widget})


def test_polish_counts_take_the_right_case():
    assert "aktywny pracownik" in _label("team/widgets/_employees.html", count=1)
    assert "aktywni pracownicy" in _label("team/widgets/_employees.html", count=3)
    assert "aktywnych pracowników" in _label("team/widgets/_employees.html", count=5)
    channel = _label(
        "team/widgets/_channel.html",
        counts={"distributors": 3, "resellers": 7, "customers": 36},
        partner_staff=22,
    )
    assert "dystrybutorzy" in channel and "resellerów" in channel and "klientów" in channel


def test_hungarian_says_cegvezeto_and_polish_names_the_primary_level():
    with translation.override("hu"):
        assert translation.gettext("Company manager") == "Cégvezető"
    with translation.override("pl"):
        assert translation.gettext("Primary / Owner") == "Główny użytkownik / Właściciel"
        assert translation.gettext("Full name") == "Imię i nazwisko"


def test_the_employee_filter_pills_are_all_plural_in_polish(tenant_a, login):
    user = tenant_a.members["primary"].user
    user.language = "pl"
    user.save(update_fields=["language"])
    body = login(tenant_a.members["primary"]).get("/portal/employees/").content.decode()
    tabs = body.split('class="tabs"')[1].split("</nav>")[0]
    for word in ("Wszyscy", "Aktywni", "Nieaktywni", "Nieaktywowani"):
        assert f">{word}</a>" in tabs
