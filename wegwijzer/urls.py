from django.contrib.auth import views as auth_views
from django.contrib.auth.decorators import login_not_required
from django.urls import include, path
from django.views.i18n import set_language

from wegwijzer.accounts import views as account_views
from wegwijzer.accounts.forms import QueuedPasswordResetForm

urlpatterns = [
    path("", account_views.home, name="home"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/", include("django.contrib.auth.urls")),
    path("mobilities/", include("wegwijzer.mobilities.urls")),
    path("documents/", include("wegwijzer.documents.urls")),
    path("students/", include("wegwijzer.students.urls")),
    path("hosts/", include("wegwijzer.hosts.urls")),
    path("programmes/", include("wegwijzer.programmes.urls")),
    path("", include("wegwijzer.links.urls")),
    # The language can be switched before logging in, on the login page itself.
    path("i18n/setlang/", login_not_required(set_language), name="set_language"),
]
