import pytest
from django.core.management import call_command

from wegwijzer.links.models import LinkState, SignedLink
from wegwijzer.mobilities.models import Mobility

pytestmark = pytest.mark.django_db


def states() -> list[tuple[str, str]]:
    # The agreements' links are the agreements app's demo (tests/agreements/test_demo.py).
    links = SignedLink.objects.exclude(purpose="agreement")
    return sorted((link.purpose, link.state()) for link in links)


def test_demo_shows_links_in_several_states_and_loads_once(
    settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True

    # The waiting links are mailed by the task worker once the demo is committed.
    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--quiet-logins")
    first = states()
    mobilities = Mobility.objects.count()
    call_command("load_demo", "--quiet-logins")

    assert {state for _purpose, state in first} >= {
        LinkState.WAITING, LinkState.ANSWERED, LinkState.REVOKED, LinkState.EXPIRED,
    }  # fmt: skip
    assert {purpose for purpose, _state in first} == {
        "guardian_consent", "host_agreement", "host_evaluation", "host_midterm",
    }  # fmt: skip
    assert ("host_midterm", LinkState.ANSWERED) in first
    assert states() == first
    assert Mobility.objects.count() == mobilities
