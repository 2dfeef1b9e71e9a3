from django.urls import path

from wegwijzer.europass import views

app_name = "europass"

urlpatterns = [
    path("mobilities/<uuid:public_id>/", views.europass_page, name="page"),
    path("<uuid:public_id>/issue/", views.issue, name="issue"),
    path("<uuid:public_id>/withdraw/", views.withdraw, name="withdraw"),
    path("<uuid:public_id>/europass-mobility.pdf", views.download_pdf, name="pdf"),
    path("<uuid:public_id>/credential.jsonld", views.download_credential, name="credential"),
]
