from django.urls import path

from . import views

app_name = "reports"

urlpatterns = [
    path("dashboard/", views.dashboard, name="dashboard"),
    path("dashboard/records/", views.records, name="records"),
    path("dashboard/export/", views.dashboard_export, name="dashboard_export"),
    path("compliance/", views.compliance_report, name="compliance"),
    path("compliance.pdf", views.compliance_pdf, name="compliance_pdf"),
]
