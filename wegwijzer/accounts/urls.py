"""URLs of two-factor authentication (namespace two_factor) and of account management
(namespace users)."""

from django.urls import path

from wegwijzer.accounts import login, two_factor_views, user_views

two_factor_patterns = (
    [
        path("", two_factor_views.overview, name="overview"),
        path("setup/", two_factor_views.setup, name="setup"),
        path("recovery-codes/", two_factor_views.recovery_codes, name="recovery-codes"),
        path("recovery-codes/new/", two_factor_views.new_codes, name="new-codes"),
        path("off/", two_factor_views.turn_off, name="off"),
        path("login/", login.login_code, name="login"),
    ],
    "two_factor",
)

user_patterns = (
    [
        path("", user_views.user_list, name="list"),
        path("invite/", user_views.user_invite, name="invite"),
        path("<uuid:public_id>/", user_views.user_detail, name="detail"),
        path("<uuid:public_id>/role/", user_views.user_change_role, name="role"),
        path("<uuid:public_id>/phone/", user_views.user_change_phone, name="phone"),
        path("<uuid:public_id>/deactivate/", user_views.user_deactivate, name="deactivate"),
        path("<uuid:public_id>/reactivate/", user_views.user_reactivate, name="reactivate"),
        path(
            "<uuid:public_id>/reset-two-factor/",
            user_views.user_reset_two_factor,
            name="reset-two-factor",
        ),
        path(
            "<uuid:public_id>/resend-invitation/",
            user_views.user_resend_invitation,
            name="resend-invitation",
        ),
    ],
    "users",
)
