"""The customer search (CUST-1) reads the organization's folded copies of its name and of its
details' email, city and phone (`Organization.search_name`, `search_details`): every path that
changes them keeps the copies, on both databases."""

import pytest

from portal.customers import services
from portal.customers.filters import CustomerFilter
from portal.customers.selectors import customer_list
from portal.team.models import CompanyDetails
from portal.tenancy.models import Organization

NEW = {
    "email": "biuro@zloty.test",
    "address": "Piotrkowska 1",
    "city": "Łódź",
    "country": "PL",
    "state": "",
    "postcode": "90-001",
    "phone": "+48 42 123 45 67",
}


def _found(actor, term: str) -> list[str]:
    queryset = customer_list(actor=actor)
    return sorted(customer.name for customer in CustomerFilter({"q": term}, queryset).qs)


@pytest.fixture
def zloty(tenant_a):
    actor = tenant_a.actor("primary")
    return actor, services.customer_create(actor=actor, name="Złoty Róg Bakery", **NEW)


@pytest.mark.parametrize(
    "term",
    [
        "złoty",  # the name, in its own case
        "ZŁOTY RÓG",  # and in capitals: Python folds what SQLite's LIKE would not
        "ŁÓDŹ",  # the city
        "biuro@zloty",  # the email
        "42 123 45",  # the phone, by its digits as typed with spaces
        "+48421234567",  # and as stored
    ],
)
def test_a_customer_is_found_by_name_email_city_or_phone(zloty, term):
    actor, _customer = zloty
    assert _found(actor, term) == ["Złoty Róg Bakery"]


def test_a_term_never_matches_across_two_values(zloty):
    actor, _customer = zloty
    assert _found(actor, "bakery biuro") == []
    assert _found(actor, "łódź +48") == []


def test_an_update_finds_the_new_values_and_not_the_old(zloty):
    actor, customer = zloty
    services.customer_update(
        actor=actor, customer=customer, name="Srebrny Róg", city="Kraków", email="a@b.test"
    )
    assert _found(actor, "złoty") == _found(actor, "łódź") == _found(actor, "biuro") == []
    assert _found(actor, "srebrny") == _found(actor, "KRAKÓW") == ["Srebrny Róg"]
    assert _found(actor, "a@b.test") == ["Srebrny Róg"]


def test_saving_an_organization_read_before_its_details_changed_keeps_the_new_details(zloty):
    """The row's details copy is the company details' to write: an organization instance read
    earlier and saved whole later must not put the old copy back."""
    actor, customer = zloty
    stale = Organization.objects.get(pk=customer.pk)
    details = CompanyDetails.objects.get(organization=customer)
    details.city = "Sopot"
    details.save()
    stale.tier = ""
    stale.save()
    assert _found(actor, "sopot") == ["Złoty Róg Bakery"]
    assert _found(actor, "łódź") == []


def test_a_search_in_another_resellers_customers_finds_nothing_of_this_one(zloty, tenant_b):
    assert _found(tenant_b.actor("primary"), "złoty") == []


def test_saving_an_organization_read_in_part_writes_only_what_was_read(
    zloty, django_assert_num_queries
):
    actor, customer = zloty
    partial = Organization.objects.only("pk", "is_active").get(pk=customer.pk)
    partial.is_active = False
    with django_assert_num_queries(1):  # the UPDATE, no reads of the fields left out
        partial.save()
    customer.refresh_from_db()
    assert customer.is_active is False
    assert _found(actor, "złoty") == _found(actor, "łódź") == ["Złoty Róg Bakery"]
