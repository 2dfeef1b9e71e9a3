from django.urls import path

from wegwijzer.experiences import views

app_name = "experiences"

urlpatterns = [
    path("experiences/", views.shared_list, name="shared"),
    path("experiences/review/", views.review, name="review"),
    path("experiences/stay/<uuid:public_id>/", views.stay_experiences, name="stay"),
    path("experiences/<uuid:public_id>/consent/", views.consent, name="consent"),
    path("experiences/<uuid:public_id>/share/", views.share, name="share"),
    path("experiences/<uuid:public_id>/photo/", views.photo, name="photo"),
    path("ambassadors/", views.pool, name="pool"),
    path("ambassadors/stay/<uuid:public_id>/", views.ambassador, name="ambassador"),
    path("ambassadors/stay/<uuid:public_id>/leave/", views.ambassador_leave, name="leave"),
]
