import datetime
import io
import json
import urllib.request
from pathlib import Path
from typing import Any

import pytest
from django.core.management import CommandError, call_command

from tests.travel.helpers import (
    SOUTH_AFRICA_ORANGE,
    SOUTH_AFRICA_RED,
    SPAIN,
    advice,
    country_list,
    make_country,
    record,
)
from wegwijzer.audit.models import AuditEntry
from wegwijzer.travel import services, source
from wegwijzer.travel.demo import RECORDED
from wegwijzer.travel.models import AdviceChange, Colour, Country, Source

pytestmark = pytest.mark.django_db


def test_fresh_import_creates_each_country_with_its_colours_and_history(tmp_path):
    report = services.import_from_path(record(tmp_path, SPAIN, SOUTH_AFRICA_ORANGE))

    assert sorted(report.changed) == ["ES", "ZA"]
    south_africa = Country.objects.get(code="ZA")
    assert (south_africa.official_colour, south_africa.worst_colour) == (Colour.ORANGE, Colour.RED)
    assert south_africa.changed_on == datetime.date(2026, 11, 24)
    assert south_africa.advice_url == "https://www.nederlandwereldwijd.nl/reisadvies/zaf"
    assert "alleen noodzakelijke reizen" in south_africa.summary
    spain = Country.objects.get(code="ES")
    assert (spain.erasmus_group, spain.emergency_number) == (2, "112")
    change = south_africa.changes.get()
    assert (change.source, change.old_colour, change.new_colour) == (
        Source.OFFICIAL,
        None,
        Colour.ORANGE,
    )
    assert AuditEntry.objects.filter(object_type="travel.country").count() == 2


def test_changed_colour_is_kept_as_history_and_replaces_a_manual_colour(tmp_path, coordinator):
    services.import_from_path(record(tmp_path / "first", SOUTH_AFRICA_ORANGE))
    country = Country.objects.get(code="ZA")
    services.set_manual_colour(country, by=coordinator, colour=Colour.YELLOW, reason="Checked")

    report = services.import_from_path(record(tmp_path / "second", SOUTH_AFRICA_RED))

    assert report.changed == ["ZA"]
    country.refresh_from_db()
    assert (country.colour, country.manual_colour, country.manual_reason) == (Colour.RED, None, "")
    assert [(c.source, c.old_colour, c.new_colour) for c in country.changes.all()] == [
        (Source.OFFICIAL, Colour.YELLOW, Colour.RED),
        (Source.MANUAL, Colour.ORANGE, Colour.YELLOW),
        (Source.OFFICIAL, None, Colour.ORANGE),
    ]


def test_unchanged_colour_adds_no_history_and_keeps_a_manual_colour(tmp_path, coordinator):
    folder = record(tmp_path, SOUTH_AFRICA_ORANGE)
    services.import_from_path(folder)
    country = Country.objects.get(code="ZA")
    services.set_manual_colour(country, by=coordinator, colour=Colour.RED, reason="Unrest")

    report = services.import_from_path(folder)

    assert (report.changed, report.unchanged) == ([], ["ZA"])
    country.refresh_from_db()
    assert country.colour == Colour.RED
    assert AdviceChange.objects.count() == 2


def test_malformed_answers_are_reported_and_the_rest_is_imported(tmp_path):
    folder = record(tmp_path, SPAIN, {"title": "Reisadvies zonder land", "introduction": "geel"})
    (folder / "broken.json").write_text('{"results": [')

    report = services.import_from_path(folder)

    assert report.changed == ["ES"]
    assert len(report.failed) == 2
    assert any("broken.json" in failure for failure in report.failed)
    assert not report.complete


def test_a_summary_without_colour_keeps_the_last_colour_and_flags_the_country(tmp_path):
    make_country("ZA", Colour.ORANGE, Colour.RED)
    unclear = advice("ZAF", "<p>Het reisadvies wordt op dit moment herzien.</p>")

    report = services.import_from_path(record(tmp_path, unclear))

    assert report.unclear == ["ZA"]
    country = Country.objects.get(code="ZA")
    assert (country.colour, country.worst_colour, country.needs_check) == (
        Colour.ORANGE,
        Colour.RED,
        True,
    )


def test_a_country_missing_from_the_answer_is_reported_and_kept(tmp_path):
    make_country("IT", Colour.YELLOW)

    report = services.import_from_path(record(tmp_path, SPAIN, listed=("ESP", "ITA", "FRA")))

    assert report.missing == ["FR", "IT"]
    assert Country.objects.get(code="IT").colour == Colour.YELLOW
    assert not Country.objects.filter(code="FR").exists()


def test_network_failure_reports_and_blanks_nothing(monkeypatch):
    make_country("ES", Colour.YELLOW)

    def unreachable(path, **params):
        raise source.SourceError(f"{path}: timed out")

    monkeypatch.setattr(source, "fetch_json", unreachable)
    report = services.import_from_service()

    assert report.failed and "timed out" in report.failed[0]
    assert Country.objects.get(code="ES").colour == Colour.YELLOW


def test_service_import_asks_each_country_and_reports_one_that_fails(monkeypatch):
    answers = {
        "infotypes/countries": country_list("ESP", "ZAF"),
        "infotypes/countries/ESP/traveladvice": [SPAIN],  # a list of one
    }

    def service(path, **params):
        if path not in answers:
            raise source.SourceError(f"{path}: HTTP 500")
        return answers[path]

    monkeypatch.setattr(source, "fetch_json", service)
    report = services.import_from_service()

    assert report.changed == ["ES"]
    assert report.missing == ["ZA"]
    assert report.failed == ["infotypes/countries/ZAF/traveladvice: HTTP 500"]


def test_fetch_sends_a_descriptive_user_agent_and_a_timeout(monkeypatch):
    asked: dict[str, Any] = {}

    def urlopen(request, timeout):
        asked.update(url=request.full_url, agent=request.get_header("User-agent"), timeout=timeout)
        return io.BytesIO(json.dumps({"documents": []}).encode())

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)

    assert source.fetch_json("infotypes/countries", rows=200) == {"documents": []}
    assert asked["url"].endswith("/infotypes/countries?output=json&rows=200")
    assert asked["agent"].startswith("Wegwijzer/")
    assert asked["timeout"] == source.TIMEOUT_SECONDS


def test_fetch_failure_becomes_a_source_error(monkeypatch):
    def urlopen(request, timeout):
        raise OSError("Name or service not known")

    monkeypatch.setattr(urllib.request, "urlopen", urlopen)

    with pytest.raises(source.SourceError):
        source.fetch_json("infotypes/countries")


def test_every_answer_shape_is_accepted():
    document = {"isocode": "ESP"}
    for answer in ([document], {"documents": [document]}, {"document": document},
                   {"results": [document]}, document):  # fmt: skip
        assert source.documents(answer) == [document]


def test_command_imports_recorded_answers_and_shows_a_country(capsys):
    call_command("travel_advice", "import", "--from", str(RECORDED))
    call_command("travel_advice", "show", "za")

    output = capsys.readouterr().out
    assert "Changed: 25, unchanged: 0" in output
    assert "ZA" in output and "orange, worst regional colour red, last changed 2026-11-24" in output


def test_command_fails_loudly_on_an_incomplete_import(tmp_path):
    broken = tmp_path / "broken.json"
    broken.write_text("not json")

    with pytest.raises(CommandError, match="last good data was kept"):
        call_command("travel_advice", "import", "--from", str(broken), stderr=io.StringIO())


def test_recorded_demo_answers_cover_every_demo_destination():
    from wegwijzer.hosts.demo import DEMO_HOSTS

    services.import_from_path(Path(RECORDED))

    destinations = {host[1] for host in DEMO_HOSTS}
    known = set(Country.objects.exclude(official_colour=None).values_list("code", flat=True))
    assert destinations <= {str(code) for code in known}
    assert Country.objects.get(code="ZA").colour == Colour.ORANGE


def test_facts_for_gives_effective_colour_and_fills_in_unknown_countries(coordinator):
    country = make_country("ZA", Colour.YELLOW, Colour.RED)
    services.set_manual_colour(country, by=coordinator, colour=Colour.ORANGE, reason="Unrest")

    facts = services.facts_for(["ZA", "ie"])

    assert facts["ZA"].colour == Colour.ORANGE
    assert facts["ZA"].colour_is_manual
    assert facts["ZA"].worst_colour == Colour.RED
    assert facts["ZA"].at_or_above_threshold
    assert facts["IE"].colour is None
    assert (facts["IE"].emergency_number, facts["IE"].erasmus_group) == ("112", 1)


def test_service_import_gives_up_when_the_service_keeps_failing(monkeypatch):
    make_country("ES", Colour.YELLOW)
    asked = []

    def service(path, **params):
        if path == "infotypes/countries":
            return country_list(*[f"X{n:02d}" for n in range(20)])
        asked.append(path)
        raise source.SourceError(f"{path}: timed out")

    monkeypatch.setattr(source, "fetch_json", service)
    report = services.import_from_service()

    assert len(asked) == services.GIVE_UP_AFTER
    assert Country.objects.get(code="ES").colour == Colour.YELLOW
    assert report.missing == ["ES"]
