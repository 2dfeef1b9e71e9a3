import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone

from tests.factories import GuardianFactory, MobilityFactory, StudentFactory, UserFactory
from wegwijzer.accounts.models import Role
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.links.models import Purpose, SignedLink
from wegwijzer.mobilities import services
from wegwijzer.mobilities.models import ItemStatus, Mobility
from wegwijzer.programmes.models import Step

INFORMATION = "orientation-information"


def item_status(mobility: Mobility, key: str = INFORMATION) -> str:
    return mobility.items.get(template_item__key=key).status


def choose(client, source: str, action: str, *, scope: str = "ticked", ids=(), query: str = ""):
    """The form above a list, posted: the first step of a bulk action."""
    url = reverse(f"bulk:{source}") + query
    data = {"action": action, "scope": scope, "selected": [str(pk) for pk in ids]}
    return client.post(url, data), url, data


def preview(client, source, action, *, details=None, **kwargs):
    _response, url, data = choose(client, source, action, **kwargs)
    data = {**data, **(details or {}), "stage": "preview"}
    return client.post(url, data), url, data


def confirm(client, url, data, previewed_response):
    previewed = previewed_response.context["previewed"]
    return client.post(url, {**data, "stage": "confirm", "previewed": previewed})


def tick_details(key: str = INFORMATION) -> dict[str, str]:
    return {"item": key, "done_on": timezone.localdate().isoformat(), "note": "Klassenles"}


@pytest.fixture
def class_4a(db):
    """Three students of class 4A with a stay in progress, one without a stay."""
    stays = [
        MobilityFactory.create(student=StudentFactory.create(class_name="4A")) for _ in range(3)
    ]
    without = StudentFactory.create(class_name="4A")
    return stays, without


def test_tick_item_for_all_matching_a_class_filter(client, coordinator, class_4a):
    stays, without = class_4a
    other_class = MobilityFactory.create(student=StudentFactory.create(class_name="4B"))
    client.force_login(coordinator)
    # The students list's filter, kept in the session as the list keeps it.
    client.post(reverse("students:list"), {"class_name": "4a"})

    response, url, data = preview(
        client, "students", "tick-item", scope="all", details=tick_details()
    )

    assert response.status_code == 200
    assert response.context["will_count"] == 3
    assert [row.student for row in response.context["refused"]] == [without]
    assert "Geen verblijf in uitvoering." in response.content.decode()
    # The preview changes nothing.
    assert all(item_status(stay) == ItemStatus.OPEN for stay in stays)

    done = confirm(client, url, data, response)

    assert done.status_code == 200
    assert len(done.context["done"]) == 3
    for stay in stays:
        assert item_status(stay) == ItemStatus.DONE
        assert AuditEntry.objects.filter(
            mobility=stay, action=Action.COMPLETE, actor=coordinator, note="Klassenles"
        ).exists()
    assert item_status(other_class) == ItemStatus.OPEN


def test_tick_item_for_the_ticked_students_only(client, coordinator, class_4a):
    stays, _without = class_4a
    client.force_login(coordinator)

    response, url, data = preview(
        client, "students", "tick-item", ids=[stays[0].student.public_id], details=tick_details()
    )
    confirm(client, url, data, response)

    assert item_status(stays[0]) == ItemStatus.DONE
    assert item_status(stays[1]) == ItemStatus.OPEN


def test_first_step_asks_the_details_and_changes_nothing(client, coordinator, class_4a):
    stays, _without = class_4a
    client.force_login(coordinator)

    response, _url, _data = choose(client, "mobilities", "tick-item", ids=[stays[0].public_id])

    assert response.status_code == 200
    assert "form" in response.context
    assert "previewed" not in response.context
    assert item_status(stays[0]) == ItemStatus.OPEN


def test_an_item_done_already_is_refused_with_its_reason(client, coordinator, class_4a):
    stays, _without = class_4a
    item = stays[0].items.get(template_item__key=INFORMATION)
    services.complete_item(item, by=coordinator, version=item.version, done_on=timezone.localdate())
    client.force_login(coordinator)

    response, _url, _data = preview(
        client, "mobilities", "tick-item", ids=[stay.public_id for stay in stays],
        details=tick_details(),
    )  # fmt: skip

    assert response.context["will_count"] == 2
    [refused] = response.context["refused"]
    assert refused.mobility == stays[0]
    assert refused.refusal == "“Voorlichting over naar het buitenland gaan gevolgd” is al gedaan."


def test_a_stay_changed_since_the_preview_is_refused_and_the_rest_done(
    client, coordinator, class_4a
):
    stays, _without = class_4a
    client.force_login(coordinator)
    response, url, data = preview(
        client, "mobilities", "tick-item", ids=[stay.public_id for stay in stays],
        details=tick_details(),
    )  # fmt: skip
    services.update_mobility(
        stays[1], by=coordinator, version=None, changes={"destination_city": "Sevilla"}
    )

    done = confirm(client, url, data, response)

    assert [row.mobility for row in done.context["refused"]] == [stays[1]]
    assert "veranderd sinds" in done.context["refused"][0].refusal
    assert item_status(stays[1]) == ItemStatus.OPEN
    assert item_status(stays[0]) == item_status(stays[2]) == ItemStatus.DONE


def test_a_repeated_confirm_changes_nothing_more(client, coordinator, class_4a):
    stays, _without = class_4a
    client.force_login(coordinator)
    response, url, data = preview(
        client, "mobilities", "tick-item", ids=[stays[0].public_id], details=tick_details()
    )
    confirm(client, url, data, response)

    again = confirm(client, url, data, response)

    assert again.context["done"] == []
    assert AuditEntry.objects.filter(mobility=stays[0], action=Action.COMPLETE).count() == 1


def test_a_supervisors_bulk_action_touches_only_their_stays(client, supervisor, coordinator):
    own = MobilityFactory.create(supervisor=supervisor)
    others = MobilityFactory.create(supervisor=UserFactory.create(role=Role.SUPERVISOR))
    key = "preparation-supervision"
    client.force_login(supervisor)

    response, url, data = preview(
        client, "mobilities", "tick-item", ids=[own.public_id, others.public_id],
        details=tick_details(key),
    )  # fmt: skip
    # A previewed token for the other stay, forged, changes nothing either.
    forged = f"{response.context['previewed']};{others.public_id}=1.1"
    client.post(url, {**data, "stage": "confirm", "previewed": forged})

    assert response.context["count"] == 1
    assert item_status(own, key) == ItemStatus.DONE
    assert item_status(others, key) == ItemStatus.OPEN


def test_a_supervisor_may_not_tick_the_students_item(client, supervisor):
    own = MobilityFactory.create(supervisor=supervisor)
    client.force_login(supervisor)

    response, _url, _data = preview(
        client, "mobilities", "tick-item", ids=[own.public_id], details=tick_details()
    )

    assert response.context["will_count"] == 0
    assert response.context["refused"][0].mobility == own


def test_supervisor_is_offered_no_coordinator_actions(client, supervisor):
    own = MobilityFactory.create(supervisor=supervisor)
    client.force_login(supervisor)

    response, _url, _data = choose(client, "mobilities", "advance", ids=[own.public_id])

    assert response.status_code == 302
    assert Mobility.objects.get(pk=own.pk).step == Step.ORIENTATION


@pytest.mark.parametrize("role", [Role.MENTOR, Role.STUDENT, Role.SUPERVISOR])
def test_the_students_list_has_bulk_actions_for_the_coordinator_only(client, db, role):
    stay = MobilityFactory.create()
    client.force_login(UserFactory.create(role=role))

    response, _url, _data = preview(
        client, "students", "tick-item", ids=[stay.student.public_id], details=tick_details()
    )

    assert response.status_code == 403
    assert item_status(stay) == ItemStatus.OPEN


def test_advance_where_the_rules_allow_and_list_the_refusals(client, coordinator):
    ready = MobilityFactory.create()
    ready.items.filter(step=Step.ORIENTATION).update(status=ItemStatus.DONE)
    with_open_items = MobilityFactory.create()
    undecided = MobilityFactory.create()
    undecided.items.filter(step=Step.ORIENTATION).update(status=ItemStatus.DONE)
    services.advance_step(undecided, by=coordinator)
    client.force_login(coordinator)
    ids = [ready.public_id, with_open_items.public_id, undecided.public_id]

    response, url, data = preview(client, "mobilities", "advance", ids=ids)
    done = confirm(client, url, data, response)

    assert [row.mobility for row in done.context["done"]] == [ready]
    refusals = {row.mobility: row.refusal for row in done.context["refused"]}
    assert refusals[undecided] == "Leg eerst het go/no-go-besluit vast."
    assert "verplichte onderdelen" in refusals[with_open_items].lower()
    assert Mobility.objects.get(pk=ready.pk).step == Step.DECISION
    assert Mobility.objects.get(pk=with_open_items.pk).step == Step.ORIENTATION
    assert Mobility.objects.get(pk=undecided.pk).step == Step.DECISION
    assert AuditEntry.objects.filter(mobility=ready, action=Action.ADVANCE).count() == 1


def test_assign_a_supervisor(client, coordinator, class_4a):
    stays, _without = class_4a
    chosen = UserFactory.create(role=Role.SUPERVISOR)
    client.force_login(coordinator)

    response, url, data = preview(
        client, "mobilities", "assign-supervisor", ids=[stays[0].public_id, stays[1].public_id],
        details={"supervisor": chosen.pk},
    )  # fmt: skip
    confirm(client, url, data, response)

    assert Mobility.objects.get(pk=stays[0].pk).supervisor == chosen
    assert Mobility.objects.get(pk=stays[1].pk).supervisor == chosen
    assert Mobility.objects.get(pk=stays[2].pk).supervisor is None
    assert AuditEntry.objects.filter(mobility=stays[0], action=Action.CHANGE).exists()


def _minor_stay(**student):
    # Under 18 on the departure date (120 days ahead, the factory's).
    born = timezone.localdate() - datetime.timedelta(days=17 * 365)
    return MobilityFactory.create(student=StudentFactory.create(date_of_birth=born, **student))


def test_consent_links_only_for_minors_without_a_pending_link(client, coordinator):
    minor = _minor_stay()
    GuardianFactory.create(student=minor.student, email="ouder@example.org")
    minor_no_email = _minor_stay()
    GuardianFactory.create(student=minor_no_email.student, email="")
    adult = MobilityFactory.create(
        student=StudentFactory.create(date_of_birth=datetime.date(1990, 1, 1))
    )
    GuardianFactory.create(student=adult.student, email="ouder2@example.org")
    pending = _minor_stay()
    GuardianFactory.create(student=pending.student, email="ouder3@example.org")
    client.force_login(coordinator)
    ids = [stay.public_id for stay in (minor, minor_no_email, adult, pending)]
    # One link waits for an answer already.
    response, url, data = preview(client, "mobilities", "consent-links", ids=[pending.public_id])
    confirm(client, url, data, response)

    response, url, data = preview(client, "mobilities", "consent-links", ids=ids)
    done = confirm(client, url, data, response)

    assert [row.mobility for row in done.context["done"]] == [minor]
    assert {row.mobility for row in done.context["refused"]} == {minor_no_email, adult, pending}
    links = SignedLink.objects.filter(purpose=Purpose.GUARDIAN_CONSENT)
    assert sorted(links.values_list("recipient_email", flat=True)) == [
        "ouder3@example.org", "ouder@example.org",
    ]  # fmt: skip


def test_nothing_ticked_says_so(client, coordinator):
    client.force_login(coordinator)

    response, _url, _data = choose(client, "mobilities", "advance")

    assert response.status_code == 200
    assert response.context["count"] == 0


def test_more_than_the_limit_is_refused(client, coordinator, monkeypatch, class_4a):
    monkeypatch.setattr("wegwijzer.bulk.selection.MAX_SELECTED", 2)
    client.force_login(coordinator)

    response, _url, _data = choose(client, "mobilities", "advance", scope="all")

    assert response.context["count"] == 3
    assert "previewed" not in response.context


def test_the_pipeline_filter_of_the_address_is_the_selection(client, coordinator, class_4a):
    stays, _without = class_4a
    decided = stays[0]
    decided.items.filter(step=Step.ORIENTATION).update(status=ItemStatus.DONE)
    services.advance_step(decided, by=coordinator)
    client.force_login(coordinator)

    response, _url, _data = preview(
        client, "mobilities", "tick-item", scope="all", query=f"?step={Step.DECISION}",
        details=tick_details("decision-guardian-consent"),
    )  # fmt: skip

    assert response.context["count"] == 1


def preview_queries(client, class_name: str, size: int, action: str) -> int:
    """The queries of the preview of an action on all `size` students of a class."""
    for _ in range(size):
        stay = MobilityFactory.create(student=StudentFactory.create(class_name=class_name))
        GuardianFactory.create(student=stay.student, email="ouder@example.org")
    client.post(reverse("students:list"), {"class_name": class_name})
    data = {"action": action, "scope": "all", "stage": "preview", **tick_details()}
    with CaptureQueriesContext(connection) as queries:
        response = client.post(reverse("bulk:students"), data)
    assert response.context["count"] == size
    return len(queries)


@pytest.mark.parametrize("action", ["tick-item", "consent-links"])
def test_preview_queries_do_not_grow_with_the_selection(client, coordinator, action):
    client.force_login(coordinator)

    few = preview_queries(client, "5C", 5, action)
    many = preview_queries(client, "5D", 50, action)

    assert few == many


def test_the_lists_show_a_tick_box_per_row(client, coordinator, class_4a):
    stays, _without = class_4a
    client.force_login(coordinator)

    students = client.get(reverse("students:list")).content.decode()
    home = client.get(reverse("home")).content.decode()

    assert f'value="{stays[0].student.public_id}" form="bulk-students"' in students
    assert f'value="{stays[0].public_id}" form="bulk-mobilities"' in home
    assert "Selecteer" in students


def test_a_supervisors_home_offers_their_stays_in_progress_only(client, supervisor):
    own = MobilityFactory.create(supervisor=supervisor)
    client.force_login(supervisor)

    in_progress = client.get(reverse("home")).content.decode()
    closed = client.get(reverse("home"), {"show": "closed"}).content.decode()

    assert f'value="{own.public_id}" form="bulk-mobilities"' in in_progress
    assert 'value="advance"' not in in_progress
    assert 'form="bulk-mobilities"' not in closed


def test_all_matching_for_a_supervisor_is_their_stays_in_progress(client, supervisor):
    own = MobilityFactory.create(supervisor=supervisor)
    MobilityFactory.create(supervisor=UserFactory.create(role=Role.SUPERVISOR))
    MobilityFactory.create()
    client.force_login(supervisor)

    response, _url, _data = preview(
        client, "mobilities", "tick-item", scope="all", details=tick_details("abroad-progress")
    )

    assert response.context["count"] == 1
    assert [row.mobility for row in response.context["will"]] == [own]


def test_all_matching_the_pipelines_kept_filter(client, coordinator, class_4a):
    stays, _without = class_4a
    client.force_login(coordinator)
    client.post(reverse("home"), {"search": stays[0].student.student_number})

    response, _url, _data = choose(client, "mobilities", "advance", scope="all")

    assert response.context["count"] == 1
    assert [row.mobility for row in response.context["refused"]] == [stays[0]]


# Export the selection: the file is the answer, the trail says how many rows.


def _rows(response) -> list[str]:
    return b"".join(response.streaming_content).decode("utf-8-sig").strip().splitlines()


def test_the_ticked_students_export_to_csv_and_the_trail_counts_them(client, coordinator, class_4a):
    stays, without = class_4a
    client.force_login(coordinator)

    response, _url, _data = choose(
        client, "students", "export-csv", ids=[stays[0].student.public_id, without.public_id]
    )

    rows = _rows(response)
    assert len(rows) == 3  # the headings and the two ticked students
    assert stays[0].student.student_number in "".join(rows)
    assert without.student_number in "".join(rows)
    assert stays[1].student.student_number not in "".join(rows)
    entry = AuditEntry.objects.filter(action=Action.VIEW, actor=coordinator).latest("pk")
    assert "rijen: 2" in entry.note  # the trail speaks the school's language


def test_a_supervisors_export_of_the_selection_holds_only_their_stays(client, supervisor):
    own = MobilityFactory.create(supervisor=supervisor)
    others = MobilityFactory.create(supervisor=UserFactory.create(role=Role.SUPERVISOR))
    client.force_login(supervisor)

    response, _url, _data = choose(
        client, "mobilities", "export-csv", ids=[own.public_id, others.public_id]
    )

    rows = _rows(response)
    assert len(rows) == 2  # the headings and their own stay, not the other's
    assert own.student.full_name in rows[1]


def test_students_export_of_the_selection_is_not_offered_to_a_supervisor(client, supervisor):
    client.force_login(supervisor)
    response, _url, _data = choose(client, "students", "export-csv", ids=[])
    assert response.status_code == 403
