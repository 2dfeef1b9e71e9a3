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


# Place names with a colour word in them, at the start, in the middle and at the end of a
# sentence, next to the real colour statements.
@pytest.mark.parametrize(
    ("summary", "baseline", "worst"),
    [
        (
            "Rode Plein: er worden demonstraties verwacht. Het reisadvies voor Rusland is oranje.",
            Colour.ORANGE,
            Colour.ORANGE,
        ),
        (
            "Voor de omgeving van het Rode Plein geldt oranje; voor de rest van het land "
            "geldt geel.",
            Colour.YELLOW,
            Colour.ORANGE,
        ),
        (
            "Het reisadvies voor Egypte is geel, ook langs de Rode Zee.",
            Colour.YELLOW,
            Colour.YELLOW,
        ),
        (
            "Het reisadvies voor Aruba is groen. Vluchten vertrekken vanuit Oranjestad.",
            Colour.GREEN,
            Colour.GREEN,
        ),
        (
            "Het reisadvies voor Denemarken is groen; dat geldt ook voor Groenland.",
            Colour.GREEN,
            Colour.GREEN,
        ),
        (
            "Langs de Gele Rivier geldt kleurcode rood, elders is het advies geel.",
            Colour.YELLOW,
            Colour.RED,
        ),
        (
            "Voor Sint Maarten geldt code geel, ook voor de veerboot naar Oranje.",
            Colour.YELLOW,
            Colour.YELLOW,
        ),
        (
            "De Rode Zee is populair. Voor Noord-Sinaï geldt nu code oranje, voor de "
            "kust van de Rode Zee geel.",
            Colour.YELLOW,
            Colour.ORANGE,
        ),
        ("Kleurcode: rood. Mijd het Rode Plein en de Gele Rivier.", Colour.RED, Colour.RED),
        (
            "Het mooiste plein is het Rode Plein. In de rode zone: ga er niet heen. Het "
            "reisadvies is groen.",
            Colour.GREEN,
            Colour.RED,
        ),
    ],
)
def test_parser_reads_place_names_with_colour_words_as_names(summary, baseline, worst):
    colours = parse_colours(summary)

    assert colours is not None
    assert (colours.baseline, colours.worst) == (baseline, worst)


@pytest.mark.parametrize(
    "summary",
    [
        "Het Rode Plein en de Rode Zee zijn druk bezocht.",
        "Groenland, Oranjestad en de Gele Rivier: lees het volledige reisadvies.",
        "Vanuit Oranjestad vaart de veerboot naar Rode Baai.",
    ],
)
def test_parser_finds_no_colour_in_place_names_alone(summary):
    assert parse_colours(summary) is None
