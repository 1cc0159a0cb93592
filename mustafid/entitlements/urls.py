from django.urls import path

from . import views

app_name = "entitlements"
urlpatterns = [
    path("due/", views.due_list, name="due"),
    path("request/<int:request_pk>/new/", views.entitlement_create, name="create"),
    path("beneficiary/<int:beneficiary_pk>/", views.beneficiary_entitlements, name="beneficiary"),
    path("instalment/<int:pk>/deliver/", views.deliver, name="deliver"),
    path("instalment/<int:pk>/receipt/", views.receipt, name="receipt"),
]
