from django.urls import path

from . import views

app_name = "policies"

urlpatterns = [
    path("", views.mine, name="mine"),
    path("<int:pk>/", views.read, name="read"),
    path("manage/", views.manage, name="manage"),
    path("manage/new/", views.new, name="new"),
    path("manage/<int:pk>/", views.signoff, name="signoff"),
    path("manage/<int:pk>/publish/", views.publish, name="publish"),
    path("manage/<int:pk>/remind/", views.remind, name="remind"),
]
