from django.urls import path

from wegwijzer.groups import views

app_name = "groups"

urlpatterns = [
    path("", views.group_list, name="list"),
    path("new/", views.group_create, name="create"),
    path("<uuid:public_id>/", views.group_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.group_edit, name="edit"),
    path("<uuid:public_id>/add/", views.group_add_members, name="add-members"),
    path(
        "<uuid:public_id>/members/<uuid:mobility_id>/remove/",
        views.group_remove_member,
        name="remove-member",
    ),
    path("<uuid:public_id>/emergency-sheet/", views.emergency_sheet, name="emergency-sheet"),
]
