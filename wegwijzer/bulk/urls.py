from django.urls import path

from wegwijzer.bulk import views

app_name = "bulk"

urlpatterns = [
    path("students/", views.bulk_action, {"source_name": "students"}, name="students"),
    path("mobilities/", views.bulk_action, {"source_name": "mobilities"}, name="mobilities"),
]
