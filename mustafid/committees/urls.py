from django.urls import path

from . import views

app_name = "committees"

urlpatterns = [
    path("", views.meeting_list, name="list"),
    path("meetings/new/", views.meeting_schedule, name="schedule"),
    path("meetings/<int:pk>/", views.meeting_detail, name="detail"),
    path("meetings/<int:pk>/agenda/", views.agenda_add, name="agenda_add"),
    path("meetings/<int:pk>/attendance/", views.attendance, name="attendance"),
    path("meetings/<int:pk>/close/", views.close, name="close"),
    path("meetings/<int:pk>/minute/", views.minute, name="minute"),
    path("meetings/<int:pk>/approve/", views.approve, name="approve"),
    path("items/<int:pk>/declare/", views.declare, name="declare"),
    path("items/<int:pk>/vote/", views.vote, name="vote"),
    path("items/<int:pk>/decide/", views.decide, name="decide"),
    path("items/<int:pk>/send-back/", views.send_back, name="send_back"),
]
