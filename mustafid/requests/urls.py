from django.urls import path

from . import views

app_name = "requests"
urlpatterns = [
    path("", views.worklist, name="worklist"),
    path("new/<int:beneficiary_pk>/", views.request_new, name="new"),
    path("<int:pk>/", views.request_detail, name="detail"),
    path("<int:pk>/intake/", views.request_intake, name="intake"),
    path("<int:pk>/receipt/", views.request_receipt, name="receipt"),
    path("<int:pk>/signature/", views.request_signature, name="signature"),
    path("<int:pk>/letter/", views.request_letter, name="letter"),
    path("<int:pk>/assign/", views.request_assign, name="assign"),
    path("<int:pk>/return/", views.request_return, name="return"),
    path("<int:pk>/resume/", views.request_resume, name="resume"),
    path("<int:pk>/notes/", views.request_note, name="note"),
    path("<int:pk>/recommend/", views.request_recommend, name="recommend"),
    path("<int:pk>/reply/", views.request_reply, name="reply"),
    path("documents/<int:pk>/", views.request_document, name="document"),
]
