from django.urls import path

from wegwijzer.hosts import exports, views

app_name = "hosts"

urlpatterns = [
    path("", views.host_list, name="list"),
    path("export.csv", exports.host_export, {"kind": "csv"}, name="export-csv"),
    path("export.xlsx", exports.host_export, {"kind": "xlsx"}, name="export-xlsx"),
    path("new/", views.host_create, name="create"),
    path("<uuid:public_id>/", views.host_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.host_edit, name="edit"),
    path("<uuid:public_id>/contacts/new/", views.contact_create, name="contact_create"),
    path("contacts/<uuid:public_id>/edit/", views.contact_edit, name="contact_edit"),
    path("contacts/<uuid:public_id>/remove/", views.contact_remove, name="contact_remove"),
    path("<uuid:public_id>/recognitions/new/", views.recognition_create, name="recognition_create"),
    path(
        "recognitions/<uuid:public_id>/remove/",
        views.recognition_remove,
        name="recognition_remove",
    ),
    path("review/<uuid:public_id>/", views.review_edit, name="review"),
]
