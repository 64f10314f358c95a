"""Reads a page view's figures versions before the view reads any data (issue 9).

A kept part is stored under the versions read for its page. Read at the first kept part (the
header, rendered after the view), a change committed while the view was reading would leave
the older data kept under the newer version; read here, before the view, it is kept under the
older one, which the change has already moved on from.
"""

from . import figures


class FigureVersionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        actor = getattr(request, "actor", None)
        if actor is not None and request.method in ("GET", "HEAD") and figures.enabled():
            figures.read_versions(request, actor.organization)
        return self.get_response(request)
