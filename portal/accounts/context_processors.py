from django.conf import settings


def session_policy(request):
    """The idle limits, for the notice on the login page."""
    return {
        "session_idle_minutes": settings.PORTAL_SESSION_IDLE_MINUTES,
        "vendor_session_idle_minutes": settings.PORTAL_VENDOR_SESSION_IDLE_MINUTES,
    }
