"""School checks on checklist items: an item the school checks, marked done by the student,
waits for the coordinator or the stay's supervisor, who accepts it or sends it back."""

import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.documents.samples import PDF, upload
from tests.factories import MobilityFactory, UserFactory
from tests.mobilities.pages import item_html
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.documents.models import Document
from wegwijzer.mobilities import services
from wegwijzer.mobilities.models import ItemStatus, Mobility
from wegwijzer.programmes.models import Step

pytestmark = pytest.mark.django_db

HTMX = {"HTTP_HX_REQUEST": "true"}
INSURANCE = "preparation-insurance"  # done by the student, checked by the coordinator
BUDGET = "preparation-budget"  # done by the student, checked by the supervisor
UNCHECKED = "orientation-information"  # nobody checks it


@pytest.fixture
def own_mobility(student, supervisor, mentor) -> Mobility:
    mobility = MobilityFactory.create(student=student.student, supervisor=supervisor)
    mobility.student.mentor = mentor
    mobility.student.save(update_fields=["mentor"])
    return mobility


def item_of(mobility, key):
    return mobility.items.select_related("mobility").get(template_item__key=key)


def marked(mobility, key, by, note="Polis 123"):
    """The item as the student marks it done: waiting for the school's check."""
    item = item_of(mobility, key)
    return services.complete_item(
        item, by=by, version=item.version, done_on=timezone.localdate(), note=note
    )


def page(client, mobility) -> str:
    return client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()


def post(client, name, item, data=None, **extra):
    return client.post(reverse(name, args=[item.public_id]), data or {}, **extra)


# Marking done


def test_student_marking_a_checked_item_done_makes_it_wait_for_the_check(student, own_mobility):
    item = marked(own_mobility, INSURANCE, student)

    item.refresh_from_db()
    assert (item.status, item.note, item.done_on) == (
        ItemStatus.TO_CHECK, "Polis 123", timezone.localdate(),
    )  # fmt: skip
    assert not item.is_settled
    entry = AuditEntry.objects.get(object_id=str(item.public_id), action=Action.SUBMIT_FOR_CHECK)
    assert entry.actor == student


def test_coordinator_marking_a_checked_item_done_is_done_at_once(coordinator, own_mobility):
    item = marked(own_mobility, INSURANCE, coordinator)

    assert item.status == ItemStatus.DONE


def test_supervisor_marking_a_coordinator_checked_item_done_makes_it_wait(supervisor):
    outside_eea = MobilityFactory.create(
        supervisor=supervisor, destination_country="ZA", destination_city="Kaapstad"
    )
    item = item_of(outside_eea, "preparation-work-permit")  # the host's, the supervisor's too

    done = services.complete_item(
        item, by=supervisor, version=item.version, done_on=timezone.localdate()
    )

    assert done.status == ItemStatus.TO_CHECK


def test_an_item_nobody_checks_is_done_at_once(student, own_mobility):
    item = marked(own_mobility, UNCHECKED, student)

    assert item.status == ItemStatus.DONE


def test_an_answer_through_a_signed_link_is_done_at_once(own_mobility):
    item = item_of(own_mobility, INSURANCE)

    done = services.complete_item(
        item, by=None, version=item.version, done_on=timezone.localdate(), actor_label="Host"
    )

    assert done.status == ItemStatus.DONE


# Accepting and sending back


def test_coordinator_accepts_an_item_waiting_for_the_check(student, coordinator, own_mobility):
    item = marked(own_mobility, INSURANCE, student)

    services.accept_item(item, by=coordinator, version=item.version)

    item.refresh_from_db()
    assert (item.status, item.note, item.changed_by) == (ItemStatus.DONE, "Polis 123", coordinator)
    assert AuditEntry.objects.filter(
        object_id=str(item.public_id), action=Action.ACCEPT, actor=coordinator
    ).exists()


def test_sending_back_without_a_reason_is_refused(student, coordinator, own_mobility):
    item = marked(own_mobility, INSURANCE, student)

    with pytest.raises(ValidationError):
        services.send_back_item(item, by=coordinator, version=item.version, reason="  ")

    item.refresh_from_db()
    assert item.status == ItemStatus.TO_CHECK and item.returned_reason == ""


def test_sending_back_with_a_reason_opens_the_item_and_keeps_the_evidence(
    student, coordinator, own_mobility
):
    item = marked(own_mobility, INSURANCE, student)

    services.send_back_item(
        item, by=coordinator, version=item.version, reason="The policy has no liability cover."
    )

    item.refresh_from_db()
    assert (item.status, item.returned_reason, item.note, item.done_on) == (
        ItemStatus.OPEN, "The policy has no liability cover.", "Polis 123", None,
    )  # fmt: skip
    entry = AuditEntry.objects.get(object_id=str(item.public_id), action=Action.SEND_BACK)
    assert entry.note == "The policy has no liability cover."


def test_marking_done_again_clears_the_reason_it_was_sent_back(student, coordinator, own_mobility):
    item = marked(own_mobility, INSURANCE, student)
    services.send_back_item(item, by=coordinator, version=item.version, reason="No cover.")

    again = marked(own_mobility, INSURANCE, student, note="New policy")

    assert (again.status, again.returned_reason) == (ItemStatus.TO_CHECK, "")


def test_supervisor_checks_supervisor_items_of_their_own_stays(student, supervisor, own_mobility):
    item = marked(own_mobility, BUDGET, student)

    services.accept_item(item, by=supervisor, version=item.version)

    assert item.status == ItemStatus.DONE


@pytest.mark.parametrize(
    ("key", "checker_role"),
    [
        (INSURANCE, "supervisor"),  # the coordinator checks it
        (BUDGET, "other supervisor"),  # not their stay
        (BUDGET, "mentor"),
        (BUDGET, "student"),
    ],
)
def test_others_may_not_check_an_item(
    request, english_messages, student, own_mobility, key, checker_role
):
    checkers = {
        "supervisor": lambda: request.getfixturevalue("supervisor"),
        "other supervisor": lambda: UserFactory.create(role=Role.SUPERVISOR),
        "mentor": lambda: request.getfixturevalue("mentor"),
        "student": lambda: student,
    }
    item = marked(own_mobility, key, student)

    for act in (services.accept_item, services.send_back_item):
        kwargs = {"reason": "No."} if act is services.send_back_item else {}
        with pytest.raises(ValidationError, match=r"You may not check this item\."):
            act(item, by=checkers[checker_role](), version=item.version, **kwargs)

    item.refresh_from_db()
    assert item.status == ItemStatus.TO_CHECK


def test_an_item_not_waiting_for_a_check_is_not_accepted(
    english_messages, coordinator, own_mobility
):
    item = item_of(own_mobility, INSURANCE)

    with pytest.raises(ValidationError, match="not waiting for a check"):
        services.accept_item(item, by=coordinator, version=item.version)

    item.refresh_from_db()
    assert item.status == ItemStatus.OPEN


def test_a_stale_check_is_refused(student, coordinator, own_mobility):
    item = marked(own_mobility, INSURANCE, student)
    shown = item.version
    services.reopen_item(item, by=student, version=shown)
    marked(own_mobility, INSURANCE, student, note="Another policy")
    item.refresh_from_db()

    with pytest.raises(services.StaleItemError):
        services.accept_item(item, by=coordinator, version=shown)

    item.refresh_from_db()
    assert (item.status, item.note) == (ItemStatus.TO_CHECK, "Another policy")


# Step rules


def test_a_required_item_waiting_for_the_check_keeps_the_step_open(
    english_messages, student, coordinator, own_mobility
):
    # Departure day: only the open item stands between the stay and step 4.
    Mobility.objects.filter(pk=own_mobility.pk).update(
        step=Step.PREPARATION, departure_date=timezone.localdate()
    )
    own_mobility.refresh_from_db()
    step_items = own_mobility.items.filter(step=Step.PREPARATION, applicable=True)
    step_items.exclude(template_item__key=INSURANCE).update(status=ItemStatus.DONE)
    marked(own_mobility, INSURANCE, student)

    assert list(services.open_required_items(own_mobility, Step.PREPARATION)) == [
        item_of(own_mobility, INSURANCE)
    ]
    with pytest.raises(ValidationError, match="1 required item of this step is still open"):
        services.depart(own_mobility, by=coordinator, on=own_mobility.departure_date)


# The mobility page


def test_student_marks_an_evidence_item_done_and_sees_it_wait(client, student, own_mobility):
    item = item_of(own_mobility, INSURANCE)
    client.force_login(student)
    data = {
        "version": item.version, "done_on": timezone.localdate().isoformat(),
        "note": "Polis 123", "document": upload("polis.pdf", PDF),
    }  # fmt: skip

    response = post(client, "mobilities:item-complete", item, data, follow=True)

    item.refresh_from_db()
    assert item.status == ItemStatus.TO_CHECK
    assert Document.objects.get().item == item
    shown = item_html(response.content.decode(), item)
    assert "is afgevinkt en wacht op controle door de school" in response.content.decode()
    assert "Wacht op controle door de coördinator." in shown
    assert "<dt>Controle door</dt><dd>coördinator</dd>" in shown
    unchecked = item_html(response.content.decode(), item_of(own_mobility, UNCHECKED))
    assert "Controle door" not in unchecked
    assert "polis.pdf" in shown and "Polis 123" in shown
    assert "Goedkeuren" not in shown and "Terugsturen" not in shown
    assert reverse("mobilities:item-reopen", args=[item.public_id]) in shown


def test_coordinator_sees_accept_and_send_back_on_an_item_waiting(
    client, student, coordinator, own_mobility
):
    item = marked(own_mobility, INSURANCE, student)
    client.force_login(coordinator)

    shown = item_html(page(client, own_mobility), item)

    assert "Wacht op controle door de coördinator." in shown
    assert reverse("mobilities:item-accept", args=[item.public_id]) in shown
    assert reverse("mobilities:item-send-back", args=[item.public_id]) in shown
    assert reverse("mobilities:item-complete", args=[item.public_id]) not in shown


def test_supervisor_sees_the_check_of_a_supervisor_item_only(
    client, student, supervisor, own_mobility
):
    budget, insurance = (
        marked(own_mobility, BUDGET, student),
        marked(own_mobility, INSURANCE, student),
    )
    client.force_login(supervisor)

    content = page(client, own_mobility)

    assert "Wacht op controle door de stagebegeleider." in item_html(content, budget)
    assert reverse("mobilities:item-accept", args=[budget.public_id]) in content
    assert reverse("mobilities:item-accept", args=[insurance.public_id]) not in content


def test_coordinator_accepts_with_htmx_and_gets_the_item_back(
    client, student, coordinator, own_mobility
):
    item = marked(own_mobility, INSURANCE, student)
    client.force_login(coordinator)

    response = post(client, "mobilities:item-accept", item, {"version": item.version}, **HTMX)

    item.refresh_from_db()
    content = response.content.decode()
    assert item.status == ItemStatus.DONE
    assert content.lstrip().startswith(f'<li class="item" id="item-{item.public_id}"')
    assert "is goedgekeurd." in content and "Wacht op controle" not in content


def test_send_back_without_a_reason_says_so_and_changes_nothing(
    client, student, coordinator, own_mobility
):
    item = marked(own_mobility, INSURANCE, student)
    client.force_login(coordinator)

    response = post(client, "mobilities:item-send-back", item, {"version": item.version})

    item.refresh_from_db()
    assert "Geef een reden voor het terugsturen: de student leest die." in response.content.decode()
    assert item.status == ItemStatus.TO_CHECK


def test_the_student_and_the_mentor_read_why_an_item_was_sent_back(
    client, student, mentor, coordinator, own_mobility
):
    item = marked(own_mobility, INSURANCE, student)
    client.force_login(coordinator)
    reason = "De polis dekt geen aansprakelijkheid & geen repatriëring."

    post(client, "mobilities:item-send-back", item, {"version": item.version, "reason": reason})

    item.refresh_from_db()
    assert (item.status, item.returned_reason) == (ItemStatus.OPEN, reason)
    for reader in (student, mentor):
        client.force_login(reader)
        shown = item_html(page(client, own_mobility), item)
        assert "Teruggestuurd door de school:" in shown and escape(reason) in shown


def test_supervisor_may_not_check_a_coordinator_item(client, student, supervisor, own_mobility):
    item = marked(own_mobility, INSURANCE, student)
    client.force_login(supervisor)

    response = post(client, "mobilities:item-accept", item, {"version": item.version})

    item.refresh_from_db()
    assert response.status_code == 403 and item.status == ItemStatus.TO_CHECK


def test_a_repeated_accept_says_it_no_longer_waits(client, student, coordinator, own_mobility):
    item = marked(own_mobility, INSURANCE, student)
    client.force_login(coordinator)
    post(client, "mobilities:item-accept", item, {"version": item.version})

    response = post(client, "mobilities:item-accept", item, {"version": item.version}, **HTMX)

    item.refresh_from_db()
    assert "Dit punt wacht niet (meer) op controle." in response.content.decode()
    assert item.status == ItemStatus.DONE
    assert (
        AuditEntry.objects.filter(object_id=str(item.public_id), action=Action.ACCEPT).count() == 1
    )


def test_the_history_says_what_the_check_did(client, student, coordinator, own_mobility):
    item = marked(own_mobility, INSURANCE, student)
    services.send_back_item(item, by=coordinator, version=item.version, reason="Geen dekking.")
    client.force_login(coordinator)

    content = page(client, own_mobility)

    assert "afgevinkt, te controleren" in content and "teruggestuurd" in content
    assert "Geen dekking." in content
