from django.urls import path

from wegwijzer.contacts import views

app_name = "contacts"

urlpatterns = [
    path("<uuid:public_id>/", views.log, name="log"),
    path("<uuid:public_id>/agreement/", views.agreement, name="agreement"),
    path("<uuid:public_id>/new/", views.new_entry, name="new"),
    path("<uuid:public_id>/check-in/", views.check_in, name="check-in"),
]
