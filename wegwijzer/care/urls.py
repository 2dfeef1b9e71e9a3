from django.urls import path

from wegwijzer.care import views

app_name = "care"

urlpatterns = [
    # Public: the link in a student's roll-call e-mail. Its token is hidden in the logs
    # (links.logging).
    path("safe/<str:token>/", views.answer, name="answer"),
    path("roll-calls/", views.roll_call_list, name="roll-calls"),
    path("roll-calls/new/", views.roll_call_start, name="roll-call-start"),
    path("roll-calls/<uuid:public_id>/", views.roll_call_detail, name="roll-call"),
    path("roll-calls/<uuid:public_id>/remind/", views.roll_call_remind, name="roll-call-remind"),
    path("roll-calls/<uuid:public_id>/close/", views.roll_call_close, name="roll-call-close"),
    path(
        "roll-calls/answers/<uuid:public_id>/phone/",
        views.answer_by_phone,
        name="answer-by-phone",
    ),
    path("roll-calls/answers/<uuid:public_id>/handled/", views.help_handled, name="help-handled"),
    path("incidents/", views.incident_list, name="incidents"),
    path("incidents/new/<uuid:public_id>/", views.incident_create, name="incident-create"),
    path("incidents/<uuid:public_id>/", views.incident_edit, name="incident-edit"),
]
