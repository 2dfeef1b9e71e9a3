import pytest
from django.core.management import call_command

from wegwijzer.agreements.models import Agreement, AgreementState, Party
from wegwijzer.mobilities.models import ItemStatus

pytestmark = pytest.mark.django_db


def test_the_demo_shows_an_agreement_awaiting_the_host_and_a_complete_one(
    settings, django_capture_on_commit_callbacks
):
    settings.DEBUG = True

    with django_capture_on_commit_callbacks(execute=True):
        call_command("load_demo", "--quiet-logins")
    call_command("load_demo", "--quiet-logins")

    assert Agreement.objects.count() == 2
    waiting = Agreement.objects.get(state=AgreementState.SIGNING)
    complete = Agreement.objects.get(state=AgreementState.COMPLETE)
    unsigned = [s.party for s in waiting.signatures.all() if not s.signed_at]
    assert unsigned == [Party.HOST]
    assert {s.party for s in waiting.signatures.all() if s.signed_at} >= {
        Party.STUDENT, Party.SCHOOL
    }  # fmt: skip
    assert bytes(complete.signed_pdf or b"").startswith(b"%PDF")
    item = complete.mobility.items.get(template_item__key="preparation-placement-agreement")
    assert item.status == ItemStatus.DONE
