from django.urls import path

from . import views

app_name = "documents"

urlpatterns = [
    path("", views.manage, name="manage"),
    path("new/", views.new, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/publish/", views.publish, name="publish"),
]
