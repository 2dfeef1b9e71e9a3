"""The Erasmus+ participant report: recorded by the coordinator (ticked or imported), and
the instalment after the return waiting for it."""

import datetime

import pytest
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from tests.factories import MobilityFactory, StudentFactory
from tests.test_valid_html import checker_errors, write_page
from wegwijzer.audit.models import AuditEntry
from wegwijzer.funding import participant_report
from wegwijzer.funding.models import GrantPolicy, MobilityGrant, Moment
from wegwijzer.funding.policy import record_paid
from wegwijzer.funding.services import set_grant
from wegwijzer.mobilities.models import Funding, ItemStatus, Mobility
from wegwijzer.programmes.models import Step

ON = datetime.date(2025, 4, 2)
# Messages raised outside a request read in English, as the tests match them.
pytestmark = pytest.mark.usefixtures("english_messages")


@pytest.fixture
def agreement(agreement):
    GrantPolicy.objects.all().delete()  # the default policy: 80 % before, 20 % after
    return agreement


def back_home(agreement, by, **facts) -> Mobility:
    mobility = MobilityFactory.create(
        **{
            "destination_country": "ES", "destination_city": "Valencia",
            "departure_date": datetime.date(2025, 3, 3),
            "return_date": datetime.date(2025, 3, 16), "funding": Funding.ERASMUS, **facts,
        }
    )  # fmt: skip
    set_grant(mobility, by=by, agreement=agreement, green_travel=False, fewer_opportunities=False)
    Mobility.objects.filter(pk=mobility.pk).update(step=Step.BACK_HOME)
    mobility.refresh_from_db()
    return mobility


@pytest.fixture
def mobility(agreement, coordinator, supervisor, student) -> Mobility:
    return back_home(agreement, coordinator, supervisor=supervisor, student=student.student)


def test_recording_the_report_settles_the_item_and_is_audited(mobility, coordinator):
    grant = participant_report.record(mobility.grant, by=coordinator, on=ON)

    assert grant.participant_report_on == ON
    item = mobility.items.get(template_item__key="back-participant-report")
    assert item.status == ItemStatus.DONE and item.done_on == ON
    entry = AuditEntry.objects.filter(object_type="funding.mobilitygrant").first()
    assert entry is not None and entry.changes["participant_report_on"][1] == "2025-04-02"
    with pytest.raises(ValidationError, match="already recorded"):
        participant_report.record(grant, by=coordinator, on=ON)


def test_only_the_coordinator_records_it(mobility, supervisor):
    with pytest.raises(ValidationError, match="Only a coordinator"):
        participant_report.record(mobility.grant, by=supervisor, on=ON)
    assert MobilityGrant.objects.get(pk=mobility.grant.pk).participant_report_on is None


def test_the_instalment_after_the_return_waits_for_the_report(mobility, coordinator):
    first, last = mobility.grant.payments.order_by("position")
    assert last.moment == Moment.AFTER_RETURN
    # The one before departure does not wait.
    record_paid(first, by=coordinator, paid_on=ON, amount=first.amount, note="")
    last.refresh_from_db()

    with pytest.raises(ValidationError, match="waits for the Erasmus\\+ participant report"):
        record_paid(last, by=coordinator, paid_on=ON, amount=last.amount, note="")
    last.refresh_from_db()
    assert not last.is_paid

    participant_report.record(mobility.grant, by=coordinator, on=ON)
    last.refresh_from_db()
    record_paid(last, by=coordinator, paid_on=ON, amount=last.amount, note="")
    last.refresh_from_db()
    assert last.is_paid


def test_the_payment_page_says_why_it_refuses(english, mobility, coordinator):
    last = mobility.grant.payments.get(moment=Moment.AFTER_RETURN)
    english.force_login(coordinator)

    response = english.post(
        reverse("funding:payment-paid", args=[last.public_id]),
        {"paid_on": "2025-04-20", "amount": str(last.amount), "note": ""},
    )

    assert response.status_code == 200
    assert "waits for the Erasmus+ participant report" in response.content.decode()


def test_the_coordinator_ticks_it_on_the_mobility_page(english, mobility, coordinator):
    english.force_login(coordinator)
    detail = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()
    url = reverse("funding:participant-report", args=[mobility.public_id])
    assert "participant report: not recorded yet" in detail and url in detail

    response = english.post(url, {"on": "2025-04-02"})

    assert response.status_code == 302
    assert MobilityGrant.objects.get(mobility=mobility).participant_report_on == ON
    detail = english.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()
    assert "participant report filled in on" in detail


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_nobody_else_ticks_it(client, role, request, mobility):
    client.force_login(request.getfixturevalue(role))
    url = reverse("funding:participant-report", args=[mobility.public_id])
    assert client.post(url, {"on": "2025-04-02"}).status_code in (403, 404)
    assert client.get(reverse("funding:report-import")).status_code == 403
    assert MobilityGrant.objects.get(mobility=mobility).participant_report_on is None


def upload(text: str) -> SimpleUploadedFile:
    return SimpleUploadedFile("reports.csv", text.encode(), content_type="text/csv")


def test_an_imported_list_is_a_dry_run_first_then_applied(
    english, agreement, coordinator, mobility
):
    by_mail = back_home(
        agreement, coordinator, student=StudentFactory.create(email="lotte@example.com")
    )
    not_back = MobilityFactory.create(funding=Funding.ERASMUS)
    english.force_login(coordinator)
    number = mobility.student.student_number
    csv_text = f"student\n{number}\nLOTTE@example.com\n{not_back.student.student_number}\nnobody\n"

    dry = english.post(
        reverse("funding:report-import"), {"file": upload(csv_text), "on": "2025-04-02"}
    )

    content = dry.content.decode()
    assert "2 lines match a stay" in content
    assert content.count("Not matched") == 3  # the header, the stay not back, nobody
    assert not MobilityGrant.objects.filter(participant_report_on__isnull=False).exists()

    lines = dry.context["lines"]
    applied = english.post(
        reverse("funding:report-import"), {"lines": lines, "on": "2025-04-02", "apply": "1"}
    )

    assert applied.status_code == 302
    recorded = MobilityGrant.objects.filter(participant_report_on=ON)
    assert set(recorded.values_list("mobility", flat=True)) == {mobility.pk, by_mail.pk}
    # The same list again: already recorded, nothing more.
    again = english.post(
        reverse("funding:report-import"), {"file": upload(csv_text), "on": "2025-04-02"}
    )
    assert "already recorded" in again.content.decode()


def test_a_file_that_is_not_utf8_is_refused(english, coordinator):
    english.force_login(coordinator)
    bad = SimpleUploadedFile("reports.csv", b"\xff\xfe\x00nummer", content_type="text/csv")
    response = english.post(reverse("funding:report-import"), {"file": bad, "on": "2025-04-02"})
    assert "not a CSV file in UTF-8" in response.content.decode()


def test_the_import_queries_stay_flat(
    client, agreement, coordinator, django_assert_max_num_queries
):
    def stays(count):
        return [back_home(agreement, coordinator).student.student_number for _ in range(count)]

    client.force_login(coordinator)
    few = stays(2)
    with django_assert_max_num_queries(40) as captured:
        client.post(
            reverse("funding:report-import"), {"file": upload("\n".join(few)), "on": "2025-04-02"}
        )
    many = few + stays(8)
    with django_assert_max_num_queries(len(captured.captured_queries)):
        client.post(
            reverse("funding:report-import"), {"file": upload("\n".join(many)), "on": "2025-04-02"}
        )


def test_the_report_pages_are_valid_html(client, coordinator, mobility, tmp_path):
    client.force_login(coordinator)
    pages: dict[str, str] = {}
    number = mobility.student.student_number
    responses = {
        "tick": client.get(reverse("funding:participant-report", args=[mobility.public_id])),
        "import": client.get(reverse("funding:report-import")),
        "dry-run": client.post(
            reverse("funding:report-import"),
            {"file": upload(f"{number}\nnobody\n"), "on": "2025-04-02"},
        ),
    }
    for name, response in responses.items():
        assert response.status_code == 200
        pages.update(write_page(tmp_path, name, "coordinator", "nl", response))

    errors = checker_errors(tmp_path, pages)

    assert not errors, "\n".join(errors)
