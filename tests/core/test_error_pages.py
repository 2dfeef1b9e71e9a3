import pytest

from tests.factories import MobilityFactory

pytestmark = pytest.mark.django_db


def test_unknown_page_is_friendly_and_reveals_nothing(client, other_student):
    mobility = MobilityFactory.create()
    client.force_login(other_student)

    response = client.get(f"/mobilities/{mobility.public_id}/")

    content = response.content.decode()
    assert response.status_code == 404
    assert "Pagina niet gevonden" in content
    assert mobility.student.last_name not in content


def test_forbidden_action_says_nothing_was_changed(client, student):
    client.force_login(student)

    response = client.get("/mobilities/new/")

    assert response.status_code == 403
    assert "Er is niets gewijzigd" in response.content.decode()
