from django.urls import include, path

app_name = "notifications"

urlpatterns = [
    # The reader's own notifications and choices, and the coordinators' outbox.
    path("", include("wegwijzer.notifications.inbox_urls")),
    # The school's wording of each kind of message (coordinators).
    path("wording/", include("wegwijzer.notifications.wording_urls")),
]
