"""A search by name is posted and kept in the session, never put in an address."""

import pytest
from django.urls import reverse

from tests.factories import StudentFactory


@pytest.mark.parametrize(
    ("list_name", "field"), [("home", "search"), ("students:list", "q"), ("users:list", "q")]
)
def test_a_searched_name_stays_out_of_every_address(client, coordinator, list_name, field):
    StudentFactory.create(first_name="Quirijn")
    client.force_login(coordinator)

    response = client.post(reverse(list_name), {field: "Quirijn"}, follow=True)

    assert [url for url, _status in response.redirect_chain] == [reverse(list_name)]
    assert "Quirijn" not in response.request["QUERY_STRING"]
    assert 'value="Quirijn"' in response.content.decode()


@pytest.mark.parametrize(("list_name", "field"), [("students:list", "q"), ("users:list", "q")])
def test_clearing_forgets_the_search(client, coordinator, list_name, field):
    client.force_login(coordinator)
    client.post(reverse(list_name), {field: "Quirijn"})

    response = client.post(reverse(list_name), {field: "Quirijn", "clear": "1"}, follow=True)

    assert 'value="Quirijn"' not in response.content.decode()


def test_someone_else_cannot_post_a_search_to_the_account_list(client, mentor):
    client.force_login(mentor)

    assert client.post(reverse("users:list"), {"q": "x"}).status_code == 403
    assert "account_search" not in client.session
