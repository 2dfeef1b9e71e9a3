from django.urls import path

from wegwijzer.mobilities import exports, views

app_name = "mobilities"

urlpatterns = [
    path("new/", views.mobility_create, name="create"),
    path("export.csv", exports.pipeline_export, {"kind": "csv"}, name="export-csv"),
    path("export.xlsx", exports.pipeline_export, {"kind": "xlsx"}, name="export-xlsx"),
    path("checklists.csv", exports.checklist_export, {"kind": "csv"}, name="checklists-csv"),
    path("checklists.xlsx", exports.checklist_export, {"kind": "xlsx"}, name="checklists-xlsx"),
    path("<uuid:public_id>/", views.mobility_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.mobility_edit, name="edit"),
    path("<uuid:public_id>/advance/", views.mobility_advance, name="advance"),
    path("<uuid:public_id>/move-back/", views.mobility_move_back, name="move-back"),
    path("<uuid:public_id>/decide/", views.mobility_decide, name="decide"),
    path("<uuid:public_id>/cancel/", views.mobility_cancel, name="cancel"),
    path("<uuid:public_id>/break-off/", views.mobility_break_off, name="break-off"),
    path("<uuid:public_id>/depart/", views.mobility_depart, name="depart"),
    path("<uuid:public_id>/complete/", views.mobility_complete, name="complete"),
    path("<uuid:public_id>/reopen/", views.mobility_reopen, name="reopen"),
    path("<uuid:public_id>/extend/", views.mobility_extend, name="extend"),
    path("<uuid:public_id>/confirm/<slug:move>/", views.mobility_confirm, name="confirm"),
    path("items/<uuid:item_id>/done/", views.item_complete, name="item-complete"),
    path("items/<uuid:item_id>/waive/", views.item_waive, name="item-waive"),
    path("items/<uuid:item_id>/reopen/", views.item_reopen, name="item-reopen"),
    path("items/<uuid:item_id>/upload/", views.item_upload, name="item-upload"),
    path("items/<uuid:item_id>/accept/", views.item_accept, name="item-accept"),
    path("items/<uuid:item_id>/send-back/", views.item_send_back, name="item-send-back"),
]
