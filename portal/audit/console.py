"""The whole audit trail for vendor admins, mounted under /console/audit/."""

from django.urls import path

from portal.access.decorators import permission_required

from .views import render_event_list


@permission_required("console.audit.view")
def activity(request):
    return render_event_list(request)


urlpatterns = [path("", activity, name="audit")]
