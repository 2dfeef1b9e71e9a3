from django.urls import URLPattern, URLResolver, path

from wegwijzer.notifications import wording

urlpatterns: list[URLPattern | URLResolver] = [
    path("", wording.wording_list, name="wording"),
    path("<str:kind>/<str:language>/", wording.wording_edit, name="wording-edit"),
    path("<str:kind>/<str:language>/preview/", wording.wording_preview, name="wording-preview"),
    path("<str:kind>/<str:language>/reset/", wording.wording_reset, name="wording-reset"),
]
