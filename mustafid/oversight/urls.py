from django.urls import path

from . import views

app_name = "oversight"

urlpatterns = [
    path("", views.visits, name="visits"),
    path("new/", views.visit_new, name="visit_new"),
    path("<int:pk>/", views.visit, name="visit"),
    path("<int:pk>/start/", views.visit_start, name="visit_start"),
    path("<int:pk>/answers/", views.visit_answers, name="visit_answers"),
    path("<int:pk>/finding/", views.finding_add, name="finding_add"),
    path("<int:pk>/complete/", views.visit_complete, name="visit_complete"),
    path("findings/<int:pk>/action/", views.action_add, name="action_add"),
    path("checklists/", views.checklists, name="checklists"),
    path("checklists/new/", views.checklist_new, name="checklist_new"),
    path("actions/", views.my_actions, name="my_actions"),
    path("actions/<int:pk>/", views.action, name="action"),
    path("actions/<int:pk>/complete/", views.action_complete, name="action_complete"),
    path("actions/<int:pk>/verify/", views.action_verify, name="action_verify"),
    path("actions/<int:pk>/send-back/", views.action_send_back, name="action_send_back"),
]
