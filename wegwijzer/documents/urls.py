from django.urls import path

from wegwijzer.documents import views

app_name = "documents"

urlpatterns = [
    path("<uuid:public_id>/", views.document_download, name="download"),
]
