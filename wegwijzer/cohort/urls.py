from django.urls import path

from wegwijzer.cohort import views

app_name = "cohort"

urlpatterns = [
    path("invite/", views.invite, name="invite"),
    path("accounts/", views.accounts, name="accounts"),
    path("accounts/resend/", views.resend, name="resend"),
    path("messages/", views.message_list, name="messages"),
    path("messages/new/", views.message_new, name="message-new"),
]
