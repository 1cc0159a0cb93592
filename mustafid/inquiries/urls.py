from django.urls import path

from . import views

app_name = "inquiries"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/", views.register, name="new"),
    path("export/", views.export_list, name="export"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/answer/", views.answer, name="answer"),
    path("<int:pk>/assign/", views.assign, name="assign"),
    path("<int:pk>/close/", views.close, name="close"),
]
