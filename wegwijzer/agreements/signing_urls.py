from django.urls import URLPattern

# Sending an agreement for signing, signing, refusing, downloading.
urlpatterns: list[URLPattern] = []
