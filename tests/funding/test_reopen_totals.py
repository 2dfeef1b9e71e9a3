"""The totals read a stay's outcome live: reopening a completed stay takes its grant out of
"realised" and back into "planned"."""

import datetime

from tests.factories import ProgrammeFactory
from tests.funding.test_totals import granted
from wegwijzer.funding import totals
from wegwijzer.mobilities import services
from wegwijzer.mobilities.models import Mobility, Outcome
from wegwijzer.programmes.models import Step

D = datetime.date


def test_a_reopened_completed_stay_is_no_longer_realised(agreement, coordinator):
    grant = granted(
        agreement, student_name=("Bram", "Bakker"), programme=ProgrammeFactory.create(),
        country="DK", city="Copenhagen", dates=(D(2025, 4, 1), D(2025, 4, 30)),
        computed="2500.00", outcome=Outcome.COMPLETED, actual_return=D(2025, 4, 30),
    )  # fmt: skip
    Mobility.objects.filter(pk=grant.mobility_id).update(step=Step.BACK_HOME)
    before = totals.totals_for(agreement)

    services.reopen(grant.mobility, by=coordinator, reason="Participant report missing")

    after = totals.totals_for(agreement)
    assert (before.realised.participants, before.planned.participants) == (1, 0)
    assert (after.realised.participants, after.planned.participants) == (0, 1)
