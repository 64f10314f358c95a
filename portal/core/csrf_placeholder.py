"""Forms written once and served to many sessions carry a placeholder where the CSRF token goes.

A kept page part (portal/access/kept.py) is served to every session of its reader, and a table
cell with a form (a row's menu) may be written once for many rows: both keep the placeholder, and
what serves them puts in the token of the response at hand (masked afresh each time, Django's
defence against BREACH). The table tag (`{% table_contents %}`) puts in its page's token, which
inside a kept part is the placeholder again, filled when the part is served."""

from django.template.loader import render_to_string

# Letters only: the csrf_token tag escapes what it is given.
CSRF_PLACEHOLDER = "keptpartcsrftokenplaceholder"


def render_cell_with_forms(template_name: str, context: dict, request) -> str:
    """A table cell's template with forms, rendered for `request` (its permissions, its address)
    with the placeholder as the token: the table tag puts in the page's own."""
    return render_to_string(
        template_name, {**context, "csrf_token": CSRF_PLACEHOLDER}, request=request
    )


def with_token(html: str, token) -> str:
    return html.replace(CSRF_PLACEHOLDER, str(token))
