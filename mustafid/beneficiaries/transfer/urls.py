"""Import and export of beneficiary files (under ``beneficiaries/transfer/``, namespace ``beneficiaries``)."""

from django.urls import path

from . import views

urlpatterns = [
    path("import/", views.import_upload, name="import"),
    path("import/confirm/", views.import_confirm, name="import_confirm"),
    path("import/cancel/", views.import_cancel, name="import_cancel"),
    path("import/template/", views.import_template, name="import_template"),
    path("export/", views.export, name="export"),
]
