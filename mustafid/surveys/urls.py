from django.urls import path

from . import views

app_name = "surveys"
urlpatterns = [
    path("", views.campaigns, name="campaigns"),
    path("new/", views.campaign_new, name="campaign_new"),
    path("<int:pk>/", views.campaign, name="campaign"),
    path("<int:pk>/results/", views.results, name="results"),
    path("<int:pk>/export/", views.export, name="export"),
    path("<int:pk>/<str:action>/", views.campaign_step, name="campaign_step"),
    path("questionnaires/", views.questionnaires, name="questionnaires"),
    path("questionnaires/new/", views.questionnaire_new, name="questionnaire_new"),
    path("questionnaires/<int:pk>/", views.questionnaire, name="questionnaire"),
    path("questionnaires/<int:pk>/preview/", views.preview, name="preview"),
    path("questionnaires/<int:pk>/questions/", views.question_add, name="question_add"),
    path("questionnaires/<int:pk>/new-version/", views.new_version, name="new_version"),
    path("questions/<int:pk>/", views.question_edit, name="question_edit"),
    path("questions/<int:pk>/remove/", views.question_remove, name="question_remove"),
    path("questions/<int:pk>/<str:direction>/", views.question_move, name="question_move"),
    path("with/<int:pk>/", views.fill, name="fill"),
    # The installable field survey (SM-2): public like any static file, they hold no data.
    path("manifest.webmanifest", views.manifest, name="manifest"),
    path("sw.js", views.service_worker, name="service_worker"),
]
