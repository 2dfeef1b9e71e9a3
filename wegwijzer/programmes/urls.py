from django.urls import path

from wegwijzer.programmes import views

app_name = "programmes"

urlpatterns = [
    path("", views.programme_list, name="list"),
    path("new/", views.programme_create, name="create"),
    path("<uuid:public_id>/edit/", views.programme_edit, name="edit"),
    path("<uuid:public_id>/checklist/", views.programme_checklist, name="checklist"),
    path("<uuid:public_id>/checklist/new/", views.own_item_create, name="item_create"),
    path("<uuid:public_id>/checklist/<slug:key>/edit/", views.own_item_edit, name="item_edit"),
    path(
        "<uuid:public_id>/checklist/<slug:key>/remove/",
        views.own_item_remove,
        name="item_remove",
    ),
]
