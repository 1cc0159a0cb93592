from django.urls import path

from . import views

app_name = "compensation"

urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("export/", views.export, name="export"),
    path("new/<int:beneficiary_id>/", views.open_claim, name="new"),
    path("<int:pk>/", views.detail, name="detail"),
    path("<int:pk>/step/<str:action>/", views.step, name="step"),
    path("<int:pk>/ruling/", views.ruling_document, name="ruling"),
    path("<int:pk>/settlement.pdf", views.settlement_pdf, name="settlement_pdf"),
    path("<int:pk>/signature/<str:party>/", views.signature, name="signature"),
]
