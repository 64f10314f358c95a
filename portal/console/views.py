"""The vendor console's overview (SPEC §5); its panels come from the areas' widgets."""

from django.shortcuts import render

from portal.access.decorators import permission_required
from portal.access.navigation import rendered_widgets


@permission_required("console.home")
def home(request):
    return render(request, "console/home.html", {"widgets": rendered_widgets(request)})
