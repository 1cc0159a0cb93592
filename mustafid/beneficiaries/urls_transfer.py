"""Import and export of beneficiary files (under ``beneficiaries/transfer/``, namespace ``beneficiaries``)."""

from django.urls import path

from . import views_transfer

urlpatterns = [
    path("import/", views_transfer.import_upload, name="import"),
    path("import/confirm/", views_transfer.import_confirm, name="import_confirm"),
    path("import/template/", views_transfer.import_template, name="import_template"),
    path("export/", views_transfer.export, name="export"),
]
