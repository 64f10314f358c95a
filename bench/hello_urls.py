"""The portal's URLs plus /hello/: the cheapest Django view, the yardstick of every page."""

from django.http import HttpResponse
from django.urls import include, path


def hello(request):
    return HttpResponse("Hello, world!", content_type="text/plain")


urlpatterns = [path("hello/", hello, name="bench_hello"), path("", include("config.urls"))]
