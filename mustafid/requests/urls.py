from django.urls import path

from .views import actions, files, intake, worklist

app_name = "requests"
urlpatterns = [
    path("", worklist.worklist, name="worklist"),
    path("new/<int:beneficiary_pk>/", intake.request_new, name="new"),
    path("<int:pk>/", actions.request_detail, name="detail"),
    path("<int:pk>/intake/", intake.request_intake, name="intake"),
    path("<int:pk>/receipt/", files.request_receipt, name="receipt"),
    path("<int:pk>/signature/", files.request_signature, name="signature"),
    path("<int:pk>/letter/", files.request_letter, name="letter"),
    path("<int:pk>/assign/", actions.request_assign, name="assign"),
    path("<int:pk>/return/", actions.request_return, name="return"),
    path("<int:pk>/resume/", actions.request_resume, name="resume"),
    path("<int:pk>/notes/", actions.request_note, name="note"),
    path("<int:pk>/recommend/", actions.request_recommend, name="recommend"),
    path("<int:pk>/reply/", actions.request_reply, name="reply"),
    path("<int:pk>/withdraw/", actions.request_withdraw, name="withdraw"),
    path("documents/<int:pk>/", files.request_document, name="document"),
]
