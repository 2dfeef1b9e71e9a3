"""The mobility page at a glance: what waits for whom, the current step unfolded, the
other steps folded unless they hold work now, and the page's own navigation."""

import datetime

import pytest
from django.urls import reverse
from django.utils import timezone

from tests.factories import MobilityFactory
from wegwijzer.mobilities import attention
from wegwijzer.mobilities.models import ItemStatus, Mobility, Outcome

pytestmark = pytest.mark.django_db


def in_step(step, **facts):
    mobility = MobilityFactory.create(**facts)
    Mobility.objects.filter(pk=mobility.pk).update(step=step)
    mobility.refresh_from_db()
    return mobility


def page(client, user, mobility):
    client.force_login(user)
    return client.get(reverse("mobilities:detail", args=[mobility.public_id])).content.decode()


def part(content, start, end):
    return content.split(start)[1].split(end)[0]


def student_item(mobility, step, required=True):
    return (
        mobility.items.filter(step=step, applicable=True, required=required)
        .filter(owners__icontains='"student"')
        .first()
    )


# The rule, for one stay


def test_waiting_on_stay_groups_what_is_to_do_now_by_owner():
    mobility = in_step(3)
    mobility.items.exclude(step=3).update(status=ItemStatus.DONE)
    now = student_item(mobility, 3)
    optional = student_item(mobility, 3, required=False)

    waiting = attention.waiting_on_stay(mobility, list(mobility.items.all()), timezone.localdate())

    students = next(work for work in waiting.by_owner if work.owner == "student")
    assert now in students.items
    assert optional is None or optional not in students.items
    assert all(item.step <= 3 and item.required for item in students.items)
    assert [work.owner for work in waiting.by_owner] == sorted(
        (work.owner for work in waiting.by_owner),
        key=["student", "mentor", "coordinator", "supervisor", "guardian", "host"].index,
    )


def test_waiting_on_stay_counts_the_overdue_and_lists_items_to_check():
    mobility = in_step(3)
    late = student_item(mobility, 3)
    late.due_date = timezone.localdate() - datetime.timedelta(days=3)
    late.save(update_fields=["due_date"])
    checked = student_item(mobility, 2)
    checked.status = ItemStatus.TO_CHECK
    checked.save(update_fields=["status"])
    mobility.refresh_from_db()

    waiting = attention.waiting_on_stay(mobility, list(mobility.items.all()), timezone.localdate())

    students = next(work for work in waiting.by_owner if work.owner == "student")
    assert students.overdue >= 1
    assert waiting.to_check == [checked]
    assert checked not in students.items


def test_waiting_on_stay_of_a_closed_stay_is_empty():
    mobility = in_step(3)
    Mobility.objects.filter(pk=mobility.pk).update(outcome=Outcome.CANCELLED)
    mobility.refresh_from_db()

    waiting = attention.waiting_on_stay(mobility, list(mobility.items.all()), timezone.localdate())

    assert not waiting


# The page


def test_mobility_page_says_what_waits_for_whom(client, coordinator):
    mobility = in_step(3)
    now = student_item(mobility, 3)
    checked = student_item(mobility, 2)
    checked.status = ItemStatus.TO_CHECK
    checked.save(update_fields=["status"])

    content = page(client, coordinator, mobility)

    waiting = part(content, 'id="waiting-title"', "</section>")
    assert "Wat er wacht, en op wie" in waiting
    assert "Student (" in waiting
    assert f'href="#item-{now.public_id}"' in waiting
    assert "Wacht op controle (1)" in part(waiting, "Student (", "</dl>")
    assert f'href="#item-{checked.public_id}"' in waiting


def test_mobility_page_of_a_closed_stay_says_nothing_waits(client, coordinator):
    mobility = in_step(3)
    Mobility.objects.filter(pk=mobility.pk).update(outcome=Outcome.CANCELLED)

    content = page(client, coordinator, mobility)

    assert "Er wacht nu niets." in part(content, 'id="waiting-title"', "</section>")


def test_mobility_page_unfolds_an_earlier_step_with_work_now_and_folds_the_rest(
    client, coordinator
):
    mobility = in_step(3)
    mobility.items.filter(step=1).update(status=ItemStatus.DONE)
    open_in_step_2 = student_item(mobility, 2)
    mobility.items.filter(step=2).exclude(pk=open_in_step_2.pk).update(status=ItemStatus.DONE)

    content = page(client, coordinator, mobility)

    step_1 = part(content, 'id="step-1-title"', "</section>")
    step_2 = part(content, 'id="step-2-title"', "</section>")
    step_4 = part(content, 'id="step-4-title"', "</section>")
    assert '<details class="checklist-step__items">' in step_1
    assert '<details class="checklist-step__items" open>' in step_2
    assert '<details class="checklist-step__items">' in step_4


def test_mobility_page_shows_the_current_step_first_with_its_settled_items_folded(
    client, coordinator
):
    mobility = in_step(3)
    done = student_item(mobility, 3)
    done.status = ItemStatus.DONE
    done.save(update_fields=["status"])

    content = page(client, coordinator, mobility)

    assert content.index('id="step-3-title"') < content.index('id="step-1-title"')
    current = part(content, 'id="step-3-title"', "</section>")
    unsettled, settled = current.split("checklist-step__settled")
    assert f'id="item-{done.public_id}"' in settled
    assert f'id="item-{done.public_id}"' not in unsettled
    assert "Toon het 1 afgeronde of vervallen punt" in current


def test_mobility_page_navigation_names_only_the_parts_it_shows(client, coordinator, mentor):
    mobility = in_step(3, student__mentor=mentor)

    for_coordinator = part(
        page(client, coordinator, mobility), 'aria-label="Op deze pagina"', "</nav>"
    )
    for_mentor = part(page(client, mentor, mobility), 'aria-label="Op deze pagina"', "</nav>")

    assert 'href="#checklist-title">Stap 3' in for_coordinator
    assert 'href="#incidents-title"' in for_coordinator
    assert 'href="#incidents-title"' not in for_mentor
    assert 'href="#budget-title"' not in for_mentor
    assert 'href="#history"' in for_mentor
