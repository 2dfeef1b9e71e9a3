"""The mobility page: who sees it, what it shows, and changing a mobility's facts."""

import datetime

import pytest
from django.db import connection
from django.test.utils import CaptureQueriesContext
from django.urls import reverse
from django.utils import timezone
from django.utils.html import escape

from tests.documents.samples import PDF, upload
from tests.factories import MobilityFactory, StudentFactory
from tests.mobilities.pages import item_html
from wegwijzer.documents.services import store_document
from wegwijzer.mobilities import services
from wegwijzer.mobilities.models import Funding, ItemStatus, Mobility

pytestmark = pytest.mark.django_db


def page(client, user, mobility):
    client.force_login(user)
    return client.get(reverse("mobilities:detail", args=[mobility.public_id]))


def item_with_key(mobility, key):
    return mobility.items.get(template_item__key=key)


# Who sees the page


def test_mobility_page_shows_the_facts_and_checklist_to_the_coordinator(english, coordinator):
    mobility = MobilityFactory.create(destination_city="Valencia", address_abroad="Calle 1")

    response = page(english, coordinator, mobility)

    content = response.content.decode()
    assert response.status_code == 200
    assert escape(mobility.student.full_name) in content
    assert reverse("students:detail", args=[mobility.student.public_id]) in content
    assert "Valencia, Spain" in content and "Calle 1" in content
    assert "Took part in information about going abroad" in content
    assert content.count("<h1") == 1


def test_mobility_page_is_shown_to_the_student_themself(english, student):
    mobility = MobilityFactory.create(student=student.student)

    response = page(english, student, mobility)

    assert response.status_code == 200
    assert "Country chosen, with reasons" in response.content.decode()


def test_mobility_page_is_shown_to_the_supervisor_of_the_mobility(english, supervisor):
    mobility = MobilityFactory.create(supervisor=supervisor)

    assert page(english, supervisor, mobility).status_code == 200


def test_mobility_page_is_shown_to_the_mentor_of_the_student(english, mentor):
    mobility = MobilityFactory.create(student=StudentFactory.create(mentor=mentor))

    assert page(english, mentor, mobility).status_code == 200


@pytest.mark.parametrize("role", ["other_student", "supervisor", "mentor"])
def test_mobility_page_is_not_found_for_who_may_not_see_it(client, request, role, student):
    mobility = MobilityFactory.create(student=student.student)

    response = page(client, request.getfixturevalue(role), mobility)

    assert response.status_code == 404


def test_mobility_page_speaks_dutch_by_default(client, coordinator):
    mobility = MobilityFactory.create()

    content = page(client, coordinator, mobility).content.decode()

    assert "Voorlichting over naar het buitenland gaan gevolgd" in content
    assert "Took part in information about going abroad" not in content


# What it shows


def test_mobility_page_marks_the_current_step(english, coordinator):
    mobility = MobilityFactory.create()
    Mobility.objects.filter(pk=mobility.pk).update(step=3)

    content = page(english, coordinator, mobility).content.decode()

    assert content.count('aria-current="step"') == 1
    current = content.split('aria-current="step"')[1].split("</li>")[0]
    assert "Preparation" in current


def test_mobility_page_opens_the_current_step_and_folds_the_others(english, coordinator):
    mobility = MobilityFactory.create()

    content = page(english, coordinator, mobility).content.decode()

    step_1 = content.split('id="step-1-title"')[1].split('id="step-2-title"')[0]
    step_2 = content.split('id="step-2-title"')[1].split('id="step-3-title"')[0]
    assert "<details" not in step_1.split('class="items"')[0]
    assert '<details class="checklist-step__items">' in step_2


def test_mobility_page_says_in_words_which_items_are_overdue(english, coordinator):
    mobility = MobilityFactory.create()
    overdue = item_with_key(mobility, "orientation-information")
    overdue.due_date = timezone.localdate() - datetime.timedelta(days=1)
    overdue.save()

    content = page(english, coordinator, mobility).content.decode()

    fragment = item_html(content, overdue)
    assert "overdue" in fragment


def test_mobility_page_never_marks_an_optional_or_later_item_overdue(english, coordinator):
    mobility = MobilityFactory.create()
    optional = item_with_key(mobility, "orientation-benefits")
    later = item_with_key(mobility, "decision-funding")
    mobility.items.filter(pk__in=[optional.pk, later.pk]).update(
        due_date=timezone.localdate() - datetime.timedelta(days=1)
    )

    content = page(english, coordinator, mobility).content.decode()

    assert "overdue" not in item_html(content, optional)
    assert "overdue" not in item_html(content, later)


def test_mobility_page_shows_who_settled_an_item_and_its_documents(english, coordinator):
    mobility = MobilityFactory.create()
    item = item_with_key(mobility, "orientation-information")
    services.complete_item(
        item, by=coordinator, version=item.version, done_on=timezone.localdate(),
        note="Went to the open day",
    )  # fmt: skip
    document = store_document(
        by=coordinator, mobility=mobility, item=item,
        upload=upload("certificate.pdf", PDF), content_type="application/pdf",
    )  # fmt: skip

    content = page(english, coordinator, mobility).content.decode()

    fragment = item_html(content, item)
    assert "done" in fragment and escape(str(coordinator)) in fragment
    assert "Went to the open day" in fragment
    assert reverse("documents:download", args=[document.public_id]) in fragment
    assert "certificate.pdf" in fragment


def test_mobility_page_shows_the_student_only_the_actions_that_are_theirs(english, student):
    mobility = MobilityFactory.create(student=student.student)
    own_required = item_with_key(mobility, "orientation-information")
    own_optional = item_with_key(mobility, "orientation-benefits")
    coordinators = item_with_key(mobility, "orientation-programme-conditions")

    content = page(english, student, mobility).content.decode()

    assert reverse("mobilities:item-complete", args=[own_required.public_id]) in content
    assert reverse("mobilities:item-waive", args=[own_required.public_id]) not in content
    assert reverse("mobilities:item-waive", args=[own_optional.public_id]) in content
    assert reverse("mobilities:item-complete", args=[coordinators.public_id]) not in content
    assert reverse("mobilities:advance", args=[mobility.public_id]) not in content
    assert reverse("mobilities:edit", args=[mobility.public_id]) not in content


def test_mobility_page_gives_the_coordinator_the_step_controls(english, coordinator):
    mobility = MobilityFactory.create()

    content = page(english, coordinator, mobility).content.decode()

    # Open required items: moving on skips them, so it is confirmed first, as is cancelling.
    assert reverse("mobilities:confirm", args=[mobility.public_id, "advance"]) in content
    assert reverse("mobilities:confirm", args=[mobility.public_id, "cancel"]) in content
    assert reverse("mobilities:edit", args=[mobility.public_id]) in content


def test_mobility_page_lists_items_that_no_longer_apply_apart(english, coordinator):
    mobility = MobilityFactory.create(funding=Funding.ERASMUS)
    erasmus_item = item_with_key(mobility, "preparation-erasmus-documents")
    services.complete_item(erasmus_item, by=coordinator, version=0, done_on=timezone.localdate())
    services.update_mobility(
        mobility, by=coordinator, version=None, changes={"funding": Funding.NONE}
    )

    content = page(english, coordinator, mobility).content.decode()

    apart = content.split('id="not-applicable-title"')[1]
    assert f'id="item-{erasmus_item.public_id}"' in apart
    fragment = item_html(apart, erasmus_item)
    assert "no longer applies" in fragment and "done" in fragment
    assert reverse("mobilities:item-reopen", args=[erasmus_item.public_id]) not in content


def test_mobility_page_shows_the_history_newest_first_with_changes(english, coordinator):
    mobility = MobilityFactory.create(destination_city="Valencia")
    services.update_mobility(
        mobility, by=coordinator, version=None, changes={"destination_city": "Sevilla"}
    )

    content = page(english, coordinator, mobility).content.decode()

    history = content.split('id="history-title"')[1]
    assert "Destination city: Valencia" in history and "Sevilla" in history
    assert history.index("changed") < history.index("created")


def test_mobility_page_of_a_closed_mobility_is_read_only(english, coordinator):
    mobility = MobilityFactory.create()
    services.cancel_mobility(
        mobility, by=coordinator, reason="Found a job at home", on=timezone.localdate()
    )

    content = page(english, coordinator, mobility).content.decode()

    assert "Cancelled before departure" in content and "Found a job at home" in content
    assert "/done/" not in content and "/waive/" not in content
    assert reverse("mobilities:advance", args=[mobility.public_id]) not in content
    assert reverse("mobilities:edit", args=[mobility.public_id]) not in content


def add_documents_decisions_and_history(mobility, by):
    today = timezone.localdate()
    services.advance_step(mobility, by=by, override_reason="Oriented at another school")
    services.record_decision(
        mobility, by=by, decision="go", reason="Motivated", decided_on=today,
        override_reason="Checked on paper",
    )  # fmt: skip
    services.move_back(mobility, by=by, reason="The placement fell through")
    services.record_decision(
        mobility, by=by, decision="go", reason="New placement", decided_on=today,
        override_reason="Checked on paper",
    )  # fmt: skip
    for item in mobility.items.all()[:5]:
        services.complete_item(item, by=by, version=item.version, done_on=timezone.localdate())
        for name in ("a.pdf", "b.pdf"):
            store_document(
                by=by, mobility=mobility, item=item, upload=upload(name, PDF),
                content_type="application/pdf",
            )  # fmt: skip


def count_queries(client, mobility):
    with CaptureQueriesContext(connection) as queries:
        response = client.get(reverse("mobilities:detail", args=[mobility.public_id]))
    assert response.status_code == 200
    return len(queries)


def test_mobility_page_runs_as_many_queries_with_many_documents_and_entries(english, coordinator):
    english.force_login(coordinator)
    plain, busy = MobilityFactory.create(), MobilityFactory.create()
    Mobility.objects.filter(pk=plain.pk).update(step=3)
    add_documents_decisions_and_history(busy, coordinator)

    assert busy.decisions.count() == 2 and busy.documents.count() == 10
    # Three of them keep the session alive: it is saved on every request (idle timeout);
    # one lists the incidents (care), one reads the destination's travel advice, one the
    # lines of the student's budget (budgets), three the learning card (goals, the latest
    # review, the reflection and assessment), three the contact card (its agreement, open
    # moments and latest entries), one counts the history's entries (it is paged), two the
    # agreements section (the versions, and the signatures of the latest).
    assert count_queries(english, busy) == count_queries(english, plain) <= 27


# Changing a mobility


def edit_data(mobility, **overrides):
    return {
        "type": mobility.type,
        "destination_country": mobility.destination_country.code,
        "destination_city": mobility.destination_city,
        "address_abroad": mobility.address_abroad,
        "departure_date": mobility.departure_date.isoformat(),
        "return_date": mobility.return_date.isoformat(),
        "funding": mobility.funding,
        "version": mobility.version,
    } | overrides


def test_edit_form_shows_the_facts_of_the_mobility(english, coordinator):
    mobility = MobilityFactory.create(destination_city="Valencia")
    english.force_login(coordinator)

    response = english.get(reverse("mobilities:edit", args=[mobility.public_id]))

    assert response.status_code == 200
    assert 'value="Valencia"' in response.content.decode()
    assert "student" not in response.context["form"].fields


def test_edit_saves_the_changes_and_re_evaluates_the_checklist(english, coordinator):
    mobility = MobilityFactory.create(destination_city="Valencia")
    english.force_login(coordinator)

    response = english.post(
        reverse("mobilities:edit", args=[mobility.public_id]),
        edit_data(mobility, destination_city="Sevilla", funding=Funding.ERASMUS),
        follow=True,
    )

    mobility.refresh_from_db()
    assert mobility.destination_city == "Sevilla" and mobility.funding == Funding.ERASMUS
    assert item_with_key(mobility, "preparation-erasmus-documents").applicable
    entry = mobility.audit_entries.get(action="change")
    assert set(entry.changes) == {"destination_city", "funding"}
    assert "The mobility is saved." in response.content.decode()


def test_edit_refuses_bad_input_and_saves_nothing(english, coordinator):
    mobility = MobilityFactory.create()
    english.force_login(coordinator)
    before = mobility.return_date

    response = english.post(
        reverse("mobilities:edit", args=[mobility.public_id]),
        edit_data(mobility, return_date="2000-01-01"),
    )

    mobility.refresh_from_db()
    assert response.status_code == 200
    assert "The return cannot be before the departure." in response.content.decode()
    assert mobility.return_date == before


@pytest.mark.parametrize("role", ["supervisor", "student"])
def test_edit_is_refused_to_other_roles(client, request, role, student, supervisor):
    mobility = MobilityFactory.create(student=student.student, supervisor=supervisor)
    client.force_login(request.getfixturevalue(role))

    response = client.post(
        reverse("mobilities:edit", args=[mobility.public_id]),
        edit_data(mobility, destination_city="Elsewhere"),
    )

    mobility.refresh_from_db()
    assert response.status_code == 403
    assert mobility.destination_city == "Valencia"


def test_edit_of_a_closed_mobility_sends_back_to_the_page(english, coordinator):
    mobility = MobilityFactory.create()
    services.cancel_mobility(mobility, by=coordinator, reason="Ill", on=timezone.localdate())
    english.force_login(coordinator)

    response = english.post(
        reverse("mobilities:edit", args=[mobility.public_id]),
        edit_data(mobility, destination_city="Elsewhere"),
        follow=True,
    )

    mobility.refresh_from_db()
    assert "This mobility is closed; it can only be read." in response.content.decode()
    assert mobility.destination_city == "Valencia"


def test_item_statuses_survive_a_change_of_dates(english, coordinator):
    # Far enough ahead that no due date is moved to the stay's creation plus the grace period.
    mobility = MobilityFactory.create(
        departure_date=timezone.localdate() + datetime.timedelta(days=400)
    )
    item = item_with_key(mobility, "orientation-information")
    services.complete_item(item, by=coordinator, version=0, done_on=timezone.localdate())
    english.force_login(coordinator)
    later = mobility.departure_date + datetime.timedelta(days=30)

    english.post(
        reverse("mobilities:edit", args=[mobility.public_id]),
        edit_data(mobility, departure_date=later.isoformat(),
                  return_date=(later + datetime.timedelta(days=60)).isoformat()),
    )  # fmt: skip

    item.refresh_from_db()
    assert item.status == ItemStatus.DONE
    assert item.due_date == later - datetime.timedelta(days=300)
