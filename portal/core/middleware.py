"""Middleware of the ground floor: no page of a signed-in person is kept by a cache.

Static files never get here (WhiteNoise answers them earlier in MIDDLEWARE) and anonymous pages
(the public health check, the login page) keep their headers.
"""

from django.utils.cache import patch_cache_control


class NoStoreForSignedInMiddleware:
    """`Cache-Control: no-store, private` on every answer to a signed-in person (ASVS 14.3.2).

    Pages of the portal show personal data (employees, customers, the outbox); a shared proxy
    must not keep them and the browser must not show them again from its cache after logout.
    """

    def __init__(self, get_response):
        self.get_response = get_response

    def __call__(self, request):
        response = self.get_response(request)
        user = getattr(request, "user", None)
        if user is not None and user.is_authenticated:
            patch_cache_control(response, no_store=True, private=True)
        return response
