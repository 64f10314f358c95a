"""{% status_badge obj "field" %}: the choice's label in a badge classed by the stored value."""

from types import SimpleNamespace

from django.template import Context, Template
from django.utils import translation

from portal.team.models import StaffRequest

TEMPLATE = Template('{% load portal_format %}{% status_badge obj "status" %}')


def _render(obj) -> str:
    return TEMPLATE.render(Context({"obj": obj}))


def test_renders_the_label_of_the_choice():
    request = StaffRequest(status=StaffRequest.Status.PENDING)
    assert _render(request) == '<span class="badge badge--pending">Pending</span>'


def test_the_label_is_translated():
    request = StaffRequest(status=StaffRequest.Status.REJECTED)
    with translation.override("pl"):
        html = _render(request)
        assert html.startswith('<span class="badge badge--rejected">')
        assert str(StaffRequest.Status.REJECTED.label) in html
        assert "Rejected" not in html


def test_values_and_labels_are_escaped():
    obj = SimpleNamespace(
        status='x" onmouseover="alert(1)',
        get_status_display=lambda: "<b>Bold</b> & co",
    )
    html = _render(obj)
    assert html == (
        '<span class="badge badge--x-onmouseover-alert-1">&lt;b&gt;Bold&lt;/b&gt; &amp; co</span>'
    )


def test_a_field_without_choices_shows_its_value():
    assert _render(SimpleNamespace(status="<new>")) == (
        '<span class="badge badge--new">&lt;new&gt;</span>'
    )
