"""Who is where (namespace whereabouts) and the emergency card of a mobility
(namespace emergency_card, under mobilities/)."""

from django.urls import path

from wegwijzer.whereabouts import views

app_name = "whereabouts"

urlpatterns = [
    path("", views.whereabouts_list, name="list"),
    path("export.csv", views.whereabouts_csv, name="csv"),
    path("export.xlsx", views.whereabouts_xlsx, name="xlsx"),
]

card_patterns = (
    [path("<uuid:public_id>/emergency-card/", views.emergency_card, name="download")],
    "emergency_card",
)
