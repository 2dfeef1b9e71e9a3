from django.urls import path

from wegwijzer.learning import views

app_name = "learning"

urlpatterns = [
    path("<uuid:public_id>/", views.learning_detail, name="detail"),
    path("<uuid:public_id>/goals/new/", views.goal_add, name="goal-add"),
    path("goals/<uuid:public_id>/", views.goal_edit, name="goal-edit"),
    path("goals/<uuid:public_id>/remove/", views.goal_remove, name="goal-remove"),
    path("<uuid:public_id>/reviews/new/", views.review_add, name="review-add"),
    path("<uuid:public_id>/reflection/", views.reflection_edit, name="reflection"),
    path("<uuid:public_id>/reflection/respond/", views.reflection_respond, name="respond"),
    path("<uuid:public_id>/reflection/reopen/", views.reflection_reopen, name="reopen"),
    path("<uuid:public_id>/assessment/", views.assessment_edit, name="assessment"),
]
