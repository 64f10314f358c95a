"""Form widgets that stay cheap with long choice lists.

Django renders every <option> of a Select through its own template; for the 250 countries of the
company page or the ~400 time zones of the profile that is most of the page's time. `FastSelect`
renders the options in Python, keeping the attributes a template would set, and groups
`(group, [(value, label), …])` choices in <optgroup>s like Django does. Options are escaped with
the standard library's `html.escape` (the same five characters as Django's `escape`) in plain
string formatting: format_html per option cost more than the rest of the profile page.
"""

from html import escape

from django import forms
from django.utils.html import format_html, format_html_join
from django.utils.safestring import mark_safe


class FastSelect(forms.Select):
    def render(self, name, value, attrs=None, renderer=None):
        final_attrs = self.build_attrs(self.attrs, attrs or {})
        final_attrs["name"] = name
        selected = {str(v) for v in (value if isinstance(value, list | tuple) else [value])}
        options = []
        for group_value, group_label in self.choices:
            if isinstance(group_label, list | tuple):
                inner = "".join(self._option(v, label, selected) for v, label in group_label)
                options.append(f'<optgroup label="{escape(str(group_value))}">{inner}</optgroup>')
            else:
                options.append(self._option(group_value, group_label, selected))
        attrs_html = format_html_join(
            "",
            ' {}="{}"',
            ((key, val) for key, val in final_attrs.items() if val not in (None, False)),
        )
        return format_html("<select{}>{}</select>", attrs_html, mark_safe("".join(options)))  # noqa: S308 - parts escaped above

    @staticmethod
    def _option(value, label, selected) -> str:
        value = "" if value is None else str(value)
        flag = " selected" if value in selected else ""
        return f'<option value="{escape(value)}"{flag}>{escape(str(label))}</option>'  # noqa: S308
