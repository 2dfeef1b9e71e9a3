"""The benchmark's generator writes stays as the services would have made them."""

import datetime
import random

from django.db.models import Count, Min, Q

from benchmarks import data
from wegwijzer.audit.models import AuditEntry
from wegwijzer.funding import tallies
from wegwijzer.funding.models import AgreementTally, MobilityGrant, TallyStale
from wegwijzer.mobilities import services
from wegwijzer.mobilities.attention import to_do_now
from wegwijzer.mobilities.models import ChecklistItem, Funding, Mobility, Outcome
from wegwijzer.programmes.models import Step


def checklist_of(mobility: Mobility) -> set[tuple[str, bool, object]]:
    return set(mobility.items.values_list("template_item__key", "applicable", "due_date"))


def test_generated_checklists_are_the_ones_the_service_makes(db):
    data.fill(stays=20, seed=7, say=lambda line: None)

    mobilities = list(Mobility.objects.select_related("student__programme"))
    assert len(mobilities) == 20
    for mobility in mobilities:
        generated = checklist_of(mobility)
        # The service brings a checklist in line with the template and the stay's facts: on
        # a generated stay it has nothing to add, switch off or move.
        services.sync_checklist(mobility, by=None)
        assert checklist_of(mobility) == generated
        assert len(generated) > 25


def test_generated_stays_have_their_history_and_grant(db):
    data.fill(stays=20, seed=7, say=lambda line: None)

    entries = Mobility.objects.annotate(entries=Count("audit_entries")).values_list(
        "entries", flat=True
    )
    assert min(entries) >= data.AUDIT_ENTRIES_PER_STAY
    erasmus = Mobility.objects.filter(funding=Funding.ERASMUS, step__gte=Step.DECISION)
    assert MobilityGrant.objects.count() == erasmus.count()
    assert AuditEntry.objects.filter(mobility__isnull=True).count() == 0


def test_generated_keys_follow_the_rows_already_there(db):
    data.fill(stays=3, seed=1, say=lambda line: None)
    data.fill(stays=3, seed=2, say=lambda line: None)

    assert Mobility.objects.count() == 6


def test_no_stay_is_broken_off_before_it_could_have_a_grant():
    today = datetime.date(2026, 12, 4)
    school = data.School(
        today=today, programmes=[], templates={}, coordinators=[], supervisors=[], mentors=[],
        hosts={},
    )  # fmt: skip
    rng = random.Random(3)  # noqa: S311 - a seeded generator on purpose

    plans = [data.plan_stay(school, rng) for _n in range(100_000)]

    broken_off = [plan for plan in plans if plan.outcome == Outcome.BROKEN_OFF]
    assert broken_off
    assert min((today - plan.departure).days for plan in broken_off) >= 10


def test_generated_stays_store_their_next_due_date_after_the_refresh(db):
    data.fill(stays=20, seed=7, say=lambda line: None)
    data.refresh(say=lambda line: None)

    stored = dict(Mobility.objects.values_list("pk", "next_due_date"))
    soonest = dict(
        Mobility.objects.annotate(
            soonest=Min(
                "items__due_date", filter=Q(items__in=ChecklistItem.objects.filter(to_do_now()))
            )
        ).values_list("pk", "soonest")
    )
    assert stored == soonest
    assert any(stored.values())


def test_generated_grants_are_counted_live_until_the_refresh_stores_their_totals(db):
    data.fill(stays=20, seed=7, say=lambda line: None)
    # Written around the models: marked stale, so the pages count them from the stays.
    assert TallyStale.objects.exists()

    data.refresh_tallies()

    assert not TallyStale.objects.exists()
    assert AgreementTally.objects.exists()
    assert tallies.differences() == {}
