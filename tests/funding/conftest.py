import datetime
import random
from decimal import Decimal

import pytest

from wegwijzer.funding import demo
from wegwijzer.funding.models import GrantAgreement


@pytest.fixture
def agreement(db, settings) -> GrantAgreement:
    """A 2025 project of the 2024 call, with the demo's funding tables, from Utrecht."""
    settings.SCHOOL_CITY = "Utrecht, NL"
    demo.load(rng=random.Random(1), password="unused")  # noqa: S311 - no secret
    return GrantAgreement.objects.create(
        name="Accreditatie 2024",
        project_number="2024-1-NL01-KA121-VET-000123456",
        call_year=2024,
        start=datetime.date(2025, 1, 1),
        end=datetime.date(2025, 12, 31),
        budget=Decimal(100000),
    )
