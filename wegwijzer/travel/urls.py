from django.urls import path

from wegwijzer.travel import views

app_name = "travel"

urlpatterns = [
    path("", views.country_list, name="list"),
    path("<str:code>/", views.country_detail, name="country"),
    path("<str:code>/colour/", views.country_set_colour, name="set-colour"),
    path("alerts/<uuid:public_id>/acknowledge/", views.alert_acknowledge, name="acknowledge"),
]
