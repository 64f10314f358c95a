"""The one view that belongs to no area: the load balancer's health check."""

from django.http import HttpResponse


def healthz(request):
    return HttpResponse("ok", content_type="text/plain")
