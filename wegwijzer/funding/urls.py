from django.urls import path

from wegwijzer.funding import views

app_name = "funding"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("agreements/new/", views.agreement_edit, name="agreement-new"),
    path("agreements/<uuid:public_id>/", views.agreement_edit, name="agreement-edit"),
    path("mobilities/<uuid:public_id>/grant/", views.mobility_grant, name="mobility-grant"),
]
