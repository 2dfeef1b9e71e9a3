"""manage.py erasmus_grant prints the breakdown of the demo's 2024 table (example day rates:
group 2 €80 for days 1-14, €56 from day 15; organisational support €350)."""

import random
from io import StringIO

import pytest
from django.core.management import CommandError, call_command

from wegwijzer.funding import demo
from wegwijzer.funding.models import FundingTable

pytestmark = [pytest.mark.django_db, pytest.mark.usefixtures("english_messages")]


@pytest.fixture
def table_2024() -> FundingTable:
    demo.load(rng=random.Random(1), password="unused")  # noqa: S311 - no secret
    return FundingTable.objects.get(call_year=2024)


def erasmus_grant(*args: str) -> str:
    out = StringIO()
    call_command("erasmus_grant", *args, stdout=out)
    return out.getvalue()


def test_erasmus_grant_prints_each_line_with_its_rule_and_the_total(table_2024):
    output = erasmus_grant(
        "--from", "Utrecht, NL", "--to", "Valencia, ES",
        "--start", "2025-03-03", "--end", "2025-03-16", "--call", "2024",
    )  # fmt: skip

    # 3-16 March: 14 days abroad + 2 travel days = 16 funded days:
    # 14 x 80 = 1,120 and 2 x 56 = 112; Utrecht-Valencia 1,466 km: band 500-1999, €309;
    # organisational €350. Total 1,120 + 112 + 309 + 350 = €1,891.
    assert "Utrecht, The Netherlands to Valencia, Spain: 14" in output
    assert "14 days abroad + 2 travel days = 16 funded days" in output
    assert "Individual support, days 1 to 14: €1120.00" in output
    assert "Individual support, from day 15: €112.00" in output
    assert "band 500-1999 km, standard rate" in output
    assert "Travel support: €309.00" in output
    assert "funding table 2024 (example rates)" in output
    assert "Source of the funding table 2024 (example rates): Reisbanden: Erasmus+-oproep" in output
    assert "Total: €1891.00" in output


def test_erasmus_grant_green_travel_from_the_school_city(table_2024, settings):
    settings.SCHOOL_CITY = "Utrecht, NL"

    output = erasmus_grant(
        "--to", "Valencia, Spain", "--start", "2025-03-03", "--end", "2025-03-12", "--green"
    )

    # 10 days abroad + 6 green travel days = 16 funded days: 1,120 + 112 = 1,232;
    # green travel €417; organisational €350. Total 1,232 + 417 + 350 = €1,999.
    assert "Travel support, green travel: €417.00" in output
    assert "Total: €1999.00" in output


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--to", "Valencia", "--start", "2025-03-03", "--end", "2025-03-20"], "several cities"),
        (["--to", "Nergenshuizen, ES", "--start", "2025-03-03", "--end", "2025-03-20"], "No city"),
        (["--to", "Valencia, ES", "--start", "2025-03-20", "--end", "2025-03-03"], "end date"),
        (["--to", "Valencia, ES", "--start", "2025-03-03", "--end", "2025-03-05"], "minimum"),
        (
            [
                "--to",
                "Valencia, ES",
                "--start",
                "2025-03-03",
                "--end",
                "2025-03-20",
                "--call",
                "2023",
            ],
            "no funding table for the call year 2023",
        ),
    ],
)
def test_erasmus_grant_refuses_bad_input_with_a_clear_message(table_2024, arguments, message):
    with pytest.raises(CommandError, match=message):
        erasmus_grant("--from", "Utrecht, NL", *arguments)


def test_erasmus_grant_without_any_table_says_so():
    with pytest.raises(CommandError, match="no funding table"):
        erasmus_grant(
            "--from", "Utrecht, NL", "--to", "Valencia, ES",
            "--start", "2025-03-03", "--end", "2025-03-20",
        )  # fmt: skip
