from django.urls import path

from . import public_views

app_name = "survey_portal"
urlpatterns = [path("<str:token>/", public_views.answer, name="answer")]
