from django.urls import path

from wegwijzer.budgets import views

app_name = "budgets"

urlpatterns = [
    path("<uuid:public_id>/", views.budget_detail, name="detail"),
    path("<uuid:public_id>/edit/", views.budget_edit, name="edit"),
    path("<uuid:public_id>/budget.pdf", views.budget_pdf, name="pdf"),
]
