import pytest
from django.urls import reverse


@pytest.fixture
def logged_in(client, coordinator):
    client.force_login(coordinator)
    return client


def choose_class(client, class_name: str) -> None:
    """Filter the students list on a class, as the coordinator does on its page."""
    client.post(reverse("students:list"), {"class_name": class_name})
