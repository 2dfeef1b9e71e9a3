import pytest
from django.utils import timezone

from tests.links.helpers import make_link, minor_mobility
from wegwijzer.links import services
from wegwijzer.links.models import Purpose, SignedLink

pytestmark = pytest.mark.django_db


def test_scrubbing_a_student_removes_names_addresses_and_answers(coordinator):
    mobility = minor_mobility()
    make_link(mobility)
    make_link(
        mobility, Purpose.HOST_EVALUATION, used_at=timezone.now(), submitted_name="Luis Ortega",
        submitted_ip="198.51.100.7",
        answers={"overall": "good", "welcomes_more": "yes", "strengths": "Punctual."},
    )  # fmt: skip
    other, _token = make_link(minor_mobility())

    assert services.scrub_student_links(mobility.student, by=coordinator) == 2

    for link in SignedLink.objects.filter(mobility=mobility):
        assert link.recipient_name == link.recipient_email == link.submitted_name == ""
        assert link.submitted_ip is None and link.guardian is None
        assert link.revoked_at or link.used_at
    evaluation = SignedLink.objects.get(mobility=mobility, purpose=Purpose.HOST_EVALUATION)
    assert evaluation.answers == {"welcomes_more": "yes"}
    other.refresh_from_db()
    assert other.recipient_name == "Anna de Vries"
