from django.urls import path

from . import views_public, views_staff

app_name = "complaints"
urlpatterns = [
    # Public: no account (CM-1).
    path("file/", views_public.new, name="file"),
    path("track/", views_public.track, name="track"),
    path("satisfaction/<str:token>/", views_public.satisfaction, name="satisfaction"),
    # Staff.
    path("", views_staff.worklist, name="worklist"),
    path("register/", views_staff.register, name="register"),
    path("export/", views_staff.export, name="export"),
    path("<int:pk>/scan/", views_staff.scan, name="scan"),
    path("attachments/<int:pk>/", views_staff.attachment, name="attachment"),
    path("<int:pk>/", views_staff.detail, name="detail"),
    path("<int:pk>/acknowledge/", views_staff.acknowledge, name="acknowledge"),
    path("<int:pk>/assign/", views_staff.assign, name="assign"),
    path("<int:pk>/note/", views_staff.note, name="note"),
    path("<int:pk>/respond/", views_staff.respond, name="respond"),
    path("<int:pk>/close/", views_staff.close, name="close"),
    path("<int:pk>/claim/", views_staff.open_claim, name="open_claim"),
    path("<int:pk>/settle/", views_staff.settle, name="settle"),
    path("<int:pk>/settlement/sign/", views_staff.sign_settlement, name="sign_settlement"),
    path("<int:pk>/settlement/close/", views_staff.close_settled, name="close_settled"),
    path("<int:pk>/settlement/abandon/", views_staff.abandon_settlement, name="abandon_settlement"),
    path("<int:pk>/settlement.pdf", views_staff.settlement_pdf, name="settlement_pdf"),
]
