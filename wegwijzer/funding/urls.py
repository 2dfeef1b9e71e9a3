from django.urls import path

from wegwijzer.funding import cities, layout_views, payments, report_views, totals_views, views

app_name = "funding"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("tables/new/", views.table_edit, name="table-new"),
    path("tables/<int:call_year>/", views.table_edit, name="table-edit"),
    path("agreements/new/", views.agreement_edit, name="agreement-new"),
    path("agreements/<uuid:public_id>/", views.agreement_edit, name="agreement-edit"),
    path("cities/", cities.city_search, name="city-search"),
    path("mobilities/<uuid:public_id>/grant/", views.mobility_grant, name="mobility-grant"),
    path(
        "agreements/<uuid:public_id>/totals/",
        totals_views.agreement_totals,
        name="agreement-totals",
    ),
    path(
        "agreements/<uuid:public_id>/participants.csv",
        totals_views.participants_csv,
        name="participants-csv",
    ),
    path(
        "agreements/<uuid:public_id>/participants.xlsx",
        totals_views.participants_xlsx,
        name="participants-xlsx",
    ),
    path(
        "agreements/<uuid:public_id>/participants-<slug:slug>.csv",
        layout_views.participants_in_layout,
        {"kind": "csv"},
        name="participants-layout-csv",
    ),
    path(
        "agreements/<uuid:public_id>/participants-<slug:slug>.xlsx",
        layout_views.participants_in_layout,
        {"kind": "xlsx"},
        name="participants-layout-xlsx",
    ),
    path("layouts/", layout_views.layout_list, name="layouts"),
    path("layouts/new/", layout_views.layout_edit, name="layout-new"),
    path("layouts/<slug:slug>/", layout_views.layout_edit, name="layout-edit"),
    path("policy/", payments.policy_edit, name="policy"),
    path("payments/", payments.payments_due, name="payments"),
    path("payments/<uuid:public_id>/paid/", payments.payment_paid, name="payment-paid"),
    path("payments/<uuid:public_id>/undo/", payments.payment_undo, name="payment-undo"),
    path(
        "mobilities/<uuid:public_id>/participant-report/",
        report_views.record_report,
        name="participant-report",
    ),
    path("participant-reports/", report_views.import_reports, name="report-import"),
]
