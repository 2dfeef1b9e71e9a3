"""A guardian's free-text remark on the consent link may hold medical details: only those
who may read medical notes see it (access.can_see_sensitive), never the mentor."""

import pytest
from django.urls import reverse

from tests.links.helpers import make_link, minor_mobility
from wegwijzer.audit.models import AuditEntry
from wegwijzer.links import services
from wegwijzer.links.panel import answer_rows

pytestmark = pytest.mark.django_db

REMARK = "Hij gebruikt insuline; graag een koelkast."
ANSWERS = {"consent": "given", "is_guardian": True, "remarks": REMARK}


def answered_consent(mentor=None):
    mobility = minor_mobility()
    if mentor is not None:
        mobility.student.mentor = mentor
        mobility.student.save(update_fields=["mentor"])
    link, _token = make_link(mobility)
    services.submit_link(link, name="Anna de Vries", ip="192.0.2.1", answers=ANSWERS)
    return mobility


def page(client, mobility) -> str:
    return client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()


def test_the_mentor_does_not_see_the_guardians_remark(client, mentor):
    mobility = answered_consent(mentor)
    client.force_login(mentor)

    content = page(client, mobility)

    assert "Toestemming gegeven door Anna de Vries" in content
    assert "Met een opmerking" in content
    assert "insuline" not in content
    assert not AuditEntry.objects.filter(note__contains="insuline").exists()


def test_the_coordinator_reads_the_guardians_remark_under_the_links(client, coordinator):
    mobility = answered_consent()
    client.force_login(coordinator)

    content = page(client, mobility)

    assert "insuline" in content


def test_answer_rows_leave_out_the_remark_for_who_may_not_read_medical_notes():
    mobility = answered_consent()
    link = mobility.signed_links.get()

    hidden = dict(answer_rows(link))
    shown = dict(answer_rows(link, sensitive=True))

    assert REMARK not in hidden.values()
    assert shown["Opmerkingen (niet verplicht)"] == REMARK
