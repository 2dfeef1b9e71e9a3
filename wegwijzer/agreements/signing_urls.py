from django.urls import path

from wegwijzer.agreements import signing_views

# Sending an agreement for signing, signing, refusing, downloading.
urlpatterns = [
    path("agreements/send/<uuid:public_id>/", signing_views.send, name="send"),
    path("agreements/sign/<uuid:public_id>/", signing_views.sign_page, name="sign"),
    path("agreements/sign/<uuid:public_id>/document/", signing_views.signature_document,
         name="signature_document"),
    path("agreements/<uuid:public_id>/pdf/", signing_views.download, name="download"),
    path("agreements/<uuid:public_id>/signed/", signing_views.download_signed,
         name="download_signed"),
]  # fmt: skip
