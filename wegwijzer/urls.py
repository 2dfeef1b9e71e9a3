from django.contrib.auth import views as auth_views
from django.urls import include, path

from wegwijzer.accounts import login, passwords
from wegwijzer.accounts import views as account_views
from wegwijzer.accounts.forms import QueuedPasswordResetForm
from wegwijzer.accounts.urls import two_factor_patterns, user_patterns
from wegwijzer.core.language import set_language
from wegwijzer.whereabouts.urls import card_patterns

urlpatterns = [
    path("", account_views.home, name="home"),
    path(
        "accounts/password_reset/",
        auth_views.PasswordResetView.as_view(form_class=QueuedPasswordResetForm),
        name="password_reset",
    ),
    path("accounts/login/", login.LoginView.as_view(), name="login"),
    path(
        "accounts/password_change/",
        passwords.PasswordChangeView.as_view(),
        name="password_change",
    ),
    path(
        "accounts/reset/<uidb64>/<token>/",
        passwords.PasswordResetConfirmView.as_view(),
        name="password_reset_confirm",
    ),
    path("accounts/two-factor/", include(two_factor_patterns)),
    path("accounts/", include("django.contrib.auth.urls")),
    path("users/", include(user_patterns)),
    path("mobilities/", include("wegwijzer.mobilities.urls")),
    path("mobilities/", include(card_patterns)),
    path("whereabouts/", include("wegwijzer.whereabouts.urls")),
    path("documents/", include("wegwijzer.documents.urls")),
    path("students/", include("wegwijzer.students.urls")),
    path("students/cohort/", include("wegwijzer.cohort.urls")),
    path("students/", include("wegwijzer.privacy.urls")),
    path("hosts/", include("wegwijzer.hosts.urls")),
    path("programmes/", include("wegwijzer.programmes.urls")),
    path("travel/", include("wegwijzer.travel.urls")),
    path("funding/", include("wegwijzer.funding.urls")),
    path("europass/", include("wegwijzer.europass.urls")),
    path("budgets/", include("wegwijzer.budgets.urls")),
    path("", include("wegwijzer.links.urls")),
    path("", include("wegwijzer.care.urls")),
    path("notifications/", include("wegwijzer.notifications.urls")),
    path("calendar/", include("wegwijzer.calendars.urls")),
    path("learning/", include("wegwijzer.learning.urls")),
    path("", include("wegwijzer.experiences.urls")),
    path("contacts/", include("wegwijzer.contacts.urls")),
    path("agreements/", include("wegwijzer.agreements.urls")),
    path("groups/", include("wegwijzer.groups.urls")),
    path("bulk/", include("wegwijzer.bulk.urls")),
    path("imports/", include("wegwijzer.imports.urls")),
    # The language can be switched before logging in, on the login page itself.
    path("i18n/setlang/", set_language, name="set_language"),
]
