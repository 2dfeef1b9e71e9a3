import pytest

from wegwijzer.travel.models import Colour
from wegwijzer.travel.parser import parse_colours


@pytest.mark.parametrize(
    ("summary", "baseline", "worst"),
    [
        ("<p>Het reisadvies voor Portugal is groen.</p>", Colour.GREEN, Colour.GREEN),
        (
            "Het reisadvies voor Spanje is <strong>geel</strong>: let op.",
            Colour.YELLOW,
            Colour.YELLOW,
        ),
        (
            "Het reisadvies voor Israël is oranje: alleen noodzakelijke reizen. "
            "Voor het noorden geldt rood.",
            Colour.ORANGE,
            Colour.RED,
        ),
        (
            "<p>Het reisadvies voor Egypte is geel.</p><p>Voor de Sinaï geldt oranje, "
            "voor het grensgebied met Libië rood.</p>",
            Colour.YELLOW,
            Colour.RED,
        ),
        ("Het reisadvies is GEEL. In de rode zone: ga er niet heen.", Colour.YELLOW, Colour.RED),
        ("Reis niet naar Oekraïne: het reisadvies is rood.", Colour.RED, Colour.RED),
        (
            "Geen bijzondere risico&#39;s: het advies is groen, de gele zone is opgeheven.",
            Colour.GREEN,
            Colour.YELLOW,
        ),
    ],
)
def test_parser_reads_baseline_and_worst_regional_colour(summary, baseline, worst):
    colours = parse_colours(summary)

    assert colours is not None
    assert (colours.baseline, colours.worst) == (baseline, worst)


@pytest.mark.parametrize(
    "summary",
    [
        "",
        "<p>Lees het volledige reisadvies voor meer informatie.</p>",
        # Place names and longer words that contain a colour word are no colour.
        "Vluchten naar Oranjestad en Roodeschool gaan door; de groentemarkt is open.",
    ],
)
def test_parser_finds_no_colour_in_a_summary_that_names_none(summary):
    assert parse_colours(summary) is None
