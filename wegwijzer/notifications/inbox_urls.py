from django.urls import URLPattern, URLResolver, path

from wegwijzer.notifications import views

# Ids of notifications and e-mails go in the POST body: these addresses carry none.
urlpatterns: list[URLPattern | URLResolver] = [
    path("", views.notification_list, name="inbox"),
    path("read/", views.mark_read, name="mark-read"),
    path("read/all/", views.mark_all_read, name="mark-all-read"),
    path("open/", views.open_notification, name="open"),
    path("settings/", views.preferences, name="preferences"),
    path("outbox/", views.outbox, name="outbox"),
    path("outbox/retry/", views.retry, name="outbox-retry"),
    path("outbox/retry/all/", views.retry_all, name="outbox-retry-all"),
]
