"""The Europass pages in the states the URL walk does not reach (a draft form, an issued
Europass, the mobility page's card), checked like every walked page (tests/test_valid_html)."""

from django.urls import reverse

from tests.europass.conftest import DRAFT
from tests.test_valid_html import checker_errors, write_page
from wegwijzer.europass import services


def test_the_europass_pages_in_each_state_are_valid_html(client, coordinator, mobility, tmp_path):
    client.force_login(coordinator)
    pages: dict[str, str] = {}

    def check(name: str, url: str) -> None:
        response = client.get(url)
        assert response.status_code == 200
        pages.update(write_page(tmp_path, name, "coordinator", "nl", response))

    check("new-draft", reverse("europass:page", args=[mobility.public_id]))
    values = services.draft_values(mobility) | DRAFT
    europass = services.save_draft(mobility, by=coordinator, version=None, values=values)
    check("draft", reverse("europass:page", args=[mobility.public_id]))
    check("detail-draft", reverse("mobilities:detail", args=[mobility.public_id]))
    services.issue(europass, by=coordinator, version=europass.version)
    check("issued", reverse("europass:page", args=[mobility.public_id]))
    check("detail-issued", reverse("mobilities:detail", args=[mobility.public_id]))

    errors = checker_errors(tmp_path, pages)

    assert not errors, "\n".join(errors)
