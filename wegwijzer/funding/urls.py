from django.urls import path

from wegwijzer.funding import views

app_name = "funding"

urlpatterns = [
    path("mobilities/<uuid:public_id>/grant/", views.mobility_grant, name="mobility-grant"),
]
