"""`get_FOO_display()` that looks the label up instead of rebuilding every label on each call.

Django's `Model._get_FIELD_display` builds `dict(make_hashable(field.flatchoices))` on every
call, and hashing a lazily translated label translates it: a status with six choices costs six
`gettext` calls each time one row shows its status. On a 25-row list with two such columns that
was 318 translations and 4.8 ms of a 13 ms page (the console partners list, large size).

`install()` (from `CoreConfig.ready`) gives each of the portal's model fields with fixed choices
a display method that reads a {value: label} table built once per field. The labels stay lazy,
so each call still answers in the active language; choices given as a callable keep Django's
method, as they may change between calls.
"""

from functools import partialmethod

from django.apps import apps
from django.db.models import Field, Model
from django.utils.encoding import force_str
from django.utils.hashable import make_hashable

_labels_by_field: dict[Field, dict] = {}


def label_of(field: Field, value):
    """The label of `value` among the field's choices (or `value` itself), as
    `get_FOO_display()` gives it, in the active language. A field with fixed choices keeps its
    {value: lazy label} table; callable choices (the countries) are asked each time."""
    labels = _labels_by_field.get(field)
    if labels is None:
        # The keys are hashed here once; the labels (lazy) are only stored, not translated.
        labels = {make_hashable(choice): label for choice, label in field.flatchoices}
        if _has_fixed_choices(field):
            _labels_by_field[field] = labels
    return force_str(labels.get(make_hashable(value), value), strings_only=True)


def display_of(instance: Model, field: Field):
    """What Django's `_get_FIELD_display` answers, from the field's label table."""
    return label_of(field, getattr(instance, field.attname))


def _has_fixed_choices(field: Field) -> bool:
    return isinstance(field.choices, list | tuple) and bool(field.choices)


def install() -> None:
    """Replace the `get_FOO_display` Django made for the portal's fields."""
    for model in apps.get_models():
        if not model.__module__.startswith("portal."):
            continue
        for field in model._meta.concrete_fields:
            name = f"get_{field.name}_display"
            made_by_django = model.__dict__.get(name)
            if not (
                isinstance(made_by_django, partialmethod)
                and made_by_django.func is Model._get_FIELD_display
                and _has_fixed_choices(field)
            ):
                continue  # a model's own get_FOO_display, callable choices, or no choices
            setattr(model, name, partialmethod(display_of, field=field))
