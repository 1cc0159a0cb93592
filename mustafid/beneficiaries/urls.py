from django.urls import include, path

from . import views

app_name = "beneficiaries"
urlpatterns = [
    path("", views.beneficiary_list, name="list"),
    path("new/", views.beneficiary_create, name="create"),
    path("<int:pk>/", views.beneficiary_detail, name="detail"),
    path("<int:pk>/edit/", views.beneficiary_edit, name="edit"),
    path("<int:pk>/access/", views.beneficiary_access, name="access"),
    path("<int:pk>/household/add/", views.household_add, name="household_add"),
    path("<int:pk>/documents/add/", views.document_add, name="document_add"),
    path("documents/<int:pk>/", views.document_download, name="document"),
    path("<int:pk>/items/add/", views.item_add, name="item_add"),
    path("items/<int:pk>/consents/add/", views.consent_add, name="consent_add"),
    path("items/<int:pk>/use/", views.item_use, name="item_use"),
    path("consents/<int:pk>/withdraw/", views.consent_withdraw, name="consent_withdraw"),
    path("<int:pk>/corrections/add/", views.correction_add, name="correction_add"),
    path("corrections/<int:pk>/resolve/", views.correction_resolve, name="correction_resolve"),
    path("<int:pk>/copy.<str:fmt>", views.data_subject_copy, name="copy"),
    path("transfer/", include("mustafid.beneficiaries.transfer.urls")),
]
