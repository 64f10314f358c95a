"""`{% return_path %}`: where an action posted from this page comes back to (the `next` field).

A section loaded into another page (`?partial=1`, e.g. the orders of a customer on the customer
record) must send the person back to that page, not to the bare section it was fetched from."""

from urllib.parse import urlencode

from django import template

register = template.Library()


@register.simple_tag(takes_context=True)
def return_path(context) -> str:
    request = context.get("request")
    if request is None:
        return ""
    if request.GET.get("partial") != "1":
        return request.get_full_path()
    htmx = getattr(request, "htmx", None)
    embedding = htmx.current_url_abs_path if htmx else None
    if embedding:
        return embedding
    query = urlencode([(k, v) for k, v in request.GET.items() if k != "partial"])
    return request.path + (f"?{query}" if query else "")
