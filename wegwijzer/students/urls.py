from django.urls import path

from wegwijzer.students import views

app_name = "students"

urlpatterns = [
    path("", views.student_list, name="list"),
    path("new/", views.student_create, name="create"),
    path("<uuid:public_id>/", views.student_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.student_edit, name="edit"),
    path("<uuid:public_id>/sensitive/", views.student_sensitive, name="sensitive"),
]
