from django.urls import path

from wegwijzer.imports import views

app_name = "imports"

urlpatterns = [
    path("", views.import_start, name="start"),
    path("<uuid:public_id>/", views.import_run, name="run"),
    path("<uuid:public_id>/apply/", views.import_apply, name="apply"),
    path("samples/<str:name>", views.sample, name="sample"),
]
