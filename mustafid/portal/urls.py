from django.urls import path

from . import documents, inquiries, views

app_name = "portal"
urlpatterns = [
    path("", views.home, name="home"),
    path("identify/", views.identify, name="identify"),
    path("identify/code/", views.verify, name="verify"),
    path("sign-out/", views.sign_out, name="sign_out"),
    path("track/", views.track, name="track"),
    path("track/code/", views.track_verify, name="track_verify"),
    path("track/result/", views.track_result, name="track_result"),
    path("requests/", views.request_list, name="requests"),
    path("requests/<int:pk>/", views.request_detail, name="request"),
    path("requests/<int:pk>/receipt/", views.receipt, name="receipt"),
    path("requests/<int:pk>/decision-letter/", views.decision_letter, name="decision_letter"),
    path("requests/<int:pk>/withdraw/", views.withdraw, name="withdraw"),
    path("requests/<int:pk>/continue/", views.continue_draft, name="continue"),
    path("services/", views.service_list, name="services"),
    path("services/<int:version_pk>/apply/", views.apply, name="apply"),
    path("ask/", inquiries.ask, name="inquiry"),
    path("ask/sent/", inquiries.sent, name="inquiry_sent"),
    path("questions/", inquiries.mine, name="inquiries"),
    # The society's published documents (TL-1..TL-4): public, like the service catalogue.
    path("documents/", documents.document_list, name="documents"),
    path("documents/<slug:slug>/", documents.document, name="document"),
    path("documents/<slug:slug>/<int:number>/", documents.document, name="document_version"),
    path("documents/<slug:slug>/<int:number>/pdf/", documents.document_pdf, name="document_pdf"),
]
