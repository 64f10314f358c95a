from django import forms

from portal.core.form_widgets import FastSelect


class _Form(forms.Form):
    pick = forms.ChoiceField(
        choices=[("", "—"), ("a", "A & B"), ("Group <1>", [("x", "X"), ("y", "<Y>")])],
        widget=FastSelect,
        required=False,
    )


def test_fast_select_renders_like_a_select_escaped_and_selected():
    html = str(_Form({"pick": "y"})["pick"])
    assert html.startswith('<select id="id_pick" name="pick">')
    assert '<option value="a">A &amp; B</option>' in html
    assert '<optgroup label="Group &lt;1&gt;">' in html
    assert '<option value="y" selected>&lt;Y&gt;</option>' in html
    assert html.count("selected") == 1


def test_fast_select_keeps_error_attributes():
    form = _Form({"pick": "nope"})
    assert not form.is_valid()
    assert 'aria-invalid="true"' in str(form["pick"])
