from django.urls import path

from wegwijzer.links import views

app_name = "links"

urlpatterns = [
    # Public: the link in a guardian's or host company's e-mail.
    path("link/<str:token>/", views.link_open, name="open"),
    # The school's side, from the mobility page.
    path("links/send/<uuid:public_id>/", views.link_send, name="send"),
    path("links/<uuid:public_id>/revoke/", views.link_revoke, name="revoke"),
    path("links/<uuid:public_id>/resend/", views.link_resend, name="resend"),
]
