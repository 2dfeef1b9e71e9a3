from django.urls import path

from wegwijzer.students import views

app_name = "students"

urlpatterns = [
    path("<uuid:public_id>/", views.student_detail, name="detail"),
]
