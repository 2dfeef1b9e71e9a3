from django.urls import path

from wegwijzer.mobilities import views

app_name = "mobilities"

urlpatterns = [
    path("<uuid:public_id>/", views.mobility_detail, name="detail"),
]
