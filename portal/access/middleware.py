"""Reads a page view's figures versions before the view reads any data (issue 9).

A kept part is stored under the versions read for its page. Read at the first kept part (the
header, rendered after the view), a change committed while the view was reading would leave
the older data kept under the newer version; read here, before the view, it is kept under the
older one, which the change has already moved on from.

After a form sent to Django's admin, every version moves: the admin changes rows without the
services (and so without the trail). Its own log would not do to notice: "delete selected" logs
two or more deletions with one bulk insert, which tells no receiver.
"""

from . import figures


class FigureVersionsMiddleware:
    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        actor = getattr(request, "actor", None)
        if actor is not None and request.method in ("GET", "HEAD") and figures.enabled():
            figures.read_versions(request, actor.organization)
        response = self.get_response(request)
        match = getattr(request, "resolver_match", None)
        if request.method == "POST" and match is not None and "admin" in match.namespaces:
            figures.everything_changed()  # the view has committed (no ATOMIC_REQUESTS)
        return response
