"""The portal's `get_FOO_display()` answers as Django's does, without translating every label."""

from functools import partialmethod
from unittest import mock

from django.apps import apps
from django.db.models import Model
from django.utils import translation

from portal.core.choices import display_of
from portal.orders.models import Order, OrderStatus


def _installed():
    for model in apps.get_models():
        for field in model._meta.concrete_fields:
            method = model.__dict__.get(f"get_{field.name}_display")
            if isinstance(method, partialmethod) and method.func is display_of:
                yield model, field


def test_the_portal_s_fields_with_fixed_choices_get_the_lookup():
    installed = {(model.__name__, field.name) for model, field in _installed()}
    assert ("Order", "status") in installed
    assert ("Organization", "kind") in installed
    assert len(installed) >= 40
    # Third-party models and callable choices (the countries, in the reader's language) keep
    # Django's own method.
    assert all(model.__module__.startswith("portal.") for model, _ in _installed())
    company = apps.get_model("team", "CompanyDetails")
    assert company.__dict__["get_country_display"].func is Model._get_FIELD_display


def test_every_label_in_every_language_is_django_s():
    compared = 0
    for model, field in _installed():
        values = [value for value, _ in field.flatchoices] + ["not-a-choice", None]
        for language in ("en", "pl", "hu"):
            with translation.override(language):
                for value in values:
                    instance = model()
                    setattr(instance, field.attname, value)
                    expected = Model._get_FIELD_display(instance, field)
                    assert getattr(instance, f"get_{field.name}_display")() == expected
                    compared += 1
    assert compared > 500


def test_a_label_is_translated_once_per_call_not_once_per_choice():
    order = Order(status=OrderStatus.EXECUTED)
    field = Order._meta.get_field("status")
    assert len(field.choices) >= 4
    original = translation._trans.gettext
    with translation.override("pl"):
        expected = order.get_status_display()  # the table is built on first use
        assert expected == str(OrderStatus.EXECUTED.label)
        with mock.patch.object(translation._trans, "gettext", wraps=original) as counted:
            for _ in range(10):
                assert order.get_status_display() == expected
        assert counted.call_count <= 10
        # Django's method, measured the same way, translates every choice on every call.
        with mock.patch.object(translation._trans, "gettext", wraps=original) as counted:
            for _ in range(10):
                Model._get_FIELD_display(order, field)
        assert counted.call_count >= 10 * len(field.choices)
