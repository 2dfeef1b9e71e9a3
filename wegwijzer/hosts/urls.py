from django.urls import path

from wegwijzer.hosts import views

app_name = "hosts"

urlpatterns = [
    path("", views.host_list, name="list"),
    path("new/", views.host_create, name="create"),
    path("<uuid:public_id>/edit/", views.host_edit, name="edit"),
]
