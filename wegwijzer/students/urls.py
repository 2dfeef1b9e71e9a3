from django.urls import path

from wegwijzer.students import exports, views

app_name = "students"

urlpatterns = [
    path("", views.student_list, name="list"),
    path("export.csv", exports.student_export, {"kind": "csv"}, name="export-csv"),
    path("export.xlsx", exports.student_export, {"kind": "xlsx"}, name="export-xlsx"),
    path("new/", views.student_create, name="create"),
    path("<uuid:public_id>/", views.student_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.student_edit, name="edit"),
    path("<uuid:public_id>/sensitive/", views.student_sensitive, name="sensitive"),
    path("<uuid:public_id>/interest/", views.student_interest, name="interest"),
    path("<uuid:public_id>/ask-for-stay/", views.student_ask_for_stay, name="ask-for-stay"),
    path(
        "<uuid:public_id>/medical-on-card/", views.student_medical_on_card, name="medical-on-card"
    ),
]
