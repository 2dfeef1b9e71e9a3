from django.urls import path

from wegwijzer.calendars import views

app_name = "calendars"

urlpatterns = [
    path("", views.calendar_page, name="page"),
    path("make/", views.calendar_make, name="make"),
    path("renew/", views.calendar_renew, name="renew"),
    path("stop/", views.calendar_stop, name="stop"),
    # Public: fetched by calendar apps; the token is the key (logged without it).
    path("<str:token>.ics", views.calendar_feed, name="feed"),
]
