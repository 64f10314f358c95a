"""The vendor console's shell: the overview here, and every area's console pages mounted under
/console/<app label>/ from the `urlpatterns` of its `console.py` (STYLE rule 13)."""

from django.urls import include, path

from portal.access.registry import area_modules

from . import views

app_name = "console"
urlpatterns = [path("", views.home, name="home")] + [
    path(f"{config.label}/", include(module.urlpatterns))
    for config, module in area_modules("console")
]
