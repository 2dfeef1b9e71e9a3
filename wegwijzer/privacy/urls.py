from django.urls import path

from wegwijzer.privacy import views

app_name = "privacy"

urlpatterns = [
    path("<uuid:public_id>/export/", views.student_export, name="export"),
    path("<uuid:public_id>/erase/", views.student_erase, name="erase"),
]
