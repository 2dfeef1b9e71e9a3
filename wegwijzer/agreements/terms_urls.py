from django.urls import URLPattern, path

from wegwijzer.agreements import terms_views

# The stay's terms (tasks, learning outcomes, assessment) and the school's wording.
urlpatterns: list[URLPattern] = [
    path("stays/<uuid:public_id>/terms/", terms_views.terms, name="terms"),
    path("settings/", terms_views.agreement_settings, name="settings"),
    path("wording/", terms_views.wording_list, name="wording"),
    path("wording/<str:kind>/<str:language>/", terms_views.wording_edit, name="wording-edit"),
    path(
        "wording/<str:kind>/<str:language>/reset/",
        terms_views.wording_reset,
        name="wording-reset",
    ),
]
