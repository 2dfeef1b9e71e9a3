from django.urls import path

from wegwijzer.funding import cities, views

app_name = "funding"

urlpatterns = [
    path("", views.overview, name="overview"),
    path("tables/new/", views.table_edit, name="table-new"),
    path("tables/<int:call_year>/", views.table_edit, name="table-edit"),
    path("agreements/new/", views.agreement_edit, name="agreement-new"),
    path("agreements/<uuid:public_id>/", views.agreement_edit, name="agreement-edit"),
    path("cities/", cities.city_search, name="city-search"),
    path("mobilities/<uuid:public_id>/grant/", views.mobility_grant, name="mobility-grant"),
]
