"""Kept pages (issue 9): a whole page kept as the `{% kept %}` tag keeps a part.

A kept page's forms carry the reader's CSRF token as it is on each response: the page is kept
with a placeholder where a token goes, filled in when it is served
(portal/core/csrf_placeholder.py)."""

from django.http import HttpResponse
from django.middleware.csrf import get_token
from django.template.response import TemplateResponse

from portal.core.csrf_placeholder import CSRF_PLACEHOLDER, with_token

from . import figures


class _NotKept(Exception):
    """The view answered something other than a page to keep (a redirect, an error)."""

    def __init__(self, response):
        super().__init__()
        self.response = response


def kept_page(request, name: str, view, *, trail: bool = False) -> HttpResponse:
    """The whole page `view()` renders (a TemplateResponse), kept as the `{% kept %}` tag keeps a
    part: for a page whose own work before its template (Django's admin list: its ChangeList
    counts and reads the rows) costs more than the kept content saves."""

    def render() -> str:
        response = view()
        if not isinstance(response, TemplateResponse) or response.status_code != 200:
            raise _NotKept(response)
        # the view's own context comes after the context processors': it wins over `csrf`
        response.context_data = {**(response.context_data or {}), "csrf_token": CSRF_PLACEHOLDER}
        return response.rendered_content

    try:
        html = figures.cached_for_reader(request, name, render, trail=trail)
    except _NotKept as not_kept:
        return not_kept.response
    return HttpResponse(with_token(html, get_token(request)))
