from django.urls import path

from . import views_public

app_name = "complaints"
urlpatterns = [
    path("file/", views_public.new, name="file"),
    path("track/", views_public.track, name="track"),
]
