from django.urls import include, path

from . import views

app_name = "beneficiaries"
urlpatterns = [
    path("", views.beneficiary_list, name="list"),
    path("transfer/", include("mustafid.beneficiaries.urls_transfer")),
]
