from django.urls import path

from wegwijzer.mobilities import views

app_name = "mobilities"

urlpatterns = [
    path("new/", views.mobility_create, name="create"),
    path("<uuid:public_id>/", views.mobility_detail, name="detail"),
]
