"""The site's URLs plus one view that fails, to see the 500 page."""

from django.urls import path

from config.urls import handler403, handler404, handler500, urlpatterns  # noqa: F401


def fail(request):
    raise RuntimeError("deliberate failure for the 500 page test")


urlpatterns = [*urlpatterns, path("fail/", fail)]
