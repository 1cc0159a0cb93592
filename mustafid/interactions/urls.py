from django.urls import path

from . import views

app_name = "interactions"
urlpatterns = [
    path("new/<int:beneficiary_pk>/", views.interaction_create, name="create"),
    path("follow-ups/", views.follow_up_list, name="follow_ups"),
    path("<int:pk>/", views.interaction_detail, name="detail"),
    path("<int:pk>/attachment/", views.interaction_attachment, name="attachment"),
    path("<int:pk>/follow-up/done/", views.follow_up_done, name="follow_up_done"),
]
