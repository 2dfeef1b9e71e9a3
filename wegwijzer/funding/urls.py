from django.urls import path

from wegwijzer.funding import payments, views

app_name = "funding"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("tables/new/", views.table_edit, name="table-new"),
    path("tables/<int:call_year>/", views.table_edit, name="table-edit"),
    path("agreements/new/", views.agreement_edit, name="agreement-new"),
    path("agreements/<uuid:public_id>/", views.agreement_edit, name="agreement-edit"),
    path("mobilities/<uuid:public_id>/grant/", views.mobility_grant, name="mobility-grant"),
    path("policy/", payments.policy_edit, name="policy"),
    path("payments/", payments.payments_due, name="payments"),
    path("payments/<uuid:public_id>/paid/", payments.payment_paid, name="payment-paid"),
    path("payments/<uuid:public_id>/undo/", payments.payment_undo, name="payment-undo"),
]
