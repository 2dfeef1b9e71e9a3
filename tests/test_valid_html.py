"""Every page of the URL walk is valid HTML, as the Nu Html Checker reads it.

The walk of tests/test_url_access.py is made again: each visitor requests each URL pattern,
in Dutch and in English, and every HTML answer with status 200 is written to a file (a
fragment that htmx swaps in is wrapped in a bare document first). The checker, vnu.jar from
npm's vnu-jar run with Java, then reads them all in one run (starting Java costs more than
reading a page), and the test fails with its errors, each with the pages it was found on.
"""

import json
import shutil
import subprocess
import time
from collections import defaultdict
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any

import pytest
from django.conf import settings as django_settings
from django.db import transaction
from django.http import HttpResponse
from django.test import Client
from django.urls import reverse

from tests import test_url_access as walk
from tests.factories import EmergencyContactFactory, GuardianFactory

VNU = Path(__file__).resolve().parents[1] / "node_modules/vnu-jar/build/dist/vnu.jar"
PHONE = "+31 6 1234 5678"  # as people type them: with spaces, which a tel: link may not hold
FRAGMENT = (
    '<!DOCTYPE html><html lang="{language}"><head><title>{name}</title></head><body>{body}</body>'
)
LANGUAGES = {"nl": "in Dutch", "en": "in English"}

world = walk.world


@pytest.fixture
def full_world(world, settings) -> walk.World:
    """The walk's world with every phone number a page may link to."""
    settings.SCHOOL_EMERGENCY_PHONE = PHONE
    world.student.phone = PHONE
    world.student.save(update_fields=["phone"])
    GuardianFactory(student=world.student, phone=PHONE)
    EmergencyContactFactory(student=world.student, phone=PHONE)
    return world


def test_every_page_of_the_walk_is_valid_html(full_world, tmp_path):
    started = time.monotonic()
    pages = write_every_page(full_world, tmp_path)
    written = time.monotonic()

    errors = checker_errors(tmp_path, pages)

    english = [page for page in pages.values() if page.endswith("in English")]
    print(  # the walk's cost, for whoever wants it shorter (pytest -s)
        f"{len(pages)} pages, {len(english)} in English: written in "
        f"{written - started:.0f} s, checked in {time.monotonic() - written:.0f} s"
    )
    assert len(pages) - len(english) > 150, "the walk wrote too few pages to say anything"
    assert len(english) > 80, "too few pages were read in English"
    assert not errors, "the Nu Html Checker found errors:\n" + "\n".join(errors)


def write_every_page(world: walk.World, folder: Path) -> dict[str, str]:
    """Each visitor's page of each URL pattern as a file: {file name: "pattern as visitor
    in language"}. Every page is written in Dutch; in English each pattern once for each
    set of templates it was rendered with (a coordinator's and a student's home differ, a
    supervisor's and another supervisor's page do not): what a translation can break is in
    the templates, and rendering a page costs more than checking it."""
    pages: dict[str, str] = {}
    for name, rule in sorted(walk.RULES.items()):
        templates_seen: set[frozenset[str]] = set()
        in_english = []
        for visitor, response in answers(world, name, rule, walk.VISITORS, "nl"):
            pages |= write_page(folder, name, visitor, "nl", response)
            templates = frozenset(template.name for template in response.templates)
            if templates not in templates_seen:
                templates_seen.add(templates)
                in_english.append(visitor)
        for visitor, response in answers(world, name, rule, in_english, "en"):
            pages |= write_page(folder, name, visitor, "en", response)
    return pages


def answers(
    world: walk.World, name: str, rule: walk.Rule, visitors: Sequence[str], language: str
) -> Iterator[tuple[str, Any]]:
    """Each visitor's HTML answer with status 200 to the pattern, in `language` (the test
    client's answer, which names the templates it was rendered with)."""
    # What a pattern's objects and actions change is undone before the next pattern, and
    # before the same pattern in the other language.
    with transaction.atomic():
        for visitor in visitors:
            client = Client()
            if visitor != walk.ANONYMOUS:
                client.force_login(world.users[visitor])
            client.cookies[django_settings.LANGUAGE_COOKIE_NAME] = language
            response = getattr(client, rule.method)(reverse(name, kwargs=rule.kwargs(world)))
            if response.status_code == 200 and "text/html" in response["Content-Type"]:
                yield visitor, response
        transaction.set_rollback(True)


def write_page(
    folder: Path, name: str, visitor: str, language: str, response: HttpResponse
) -> dict[str, str]:
    html = response.content.decode()
    if not html.lstrip().lower().startswith("<!doctype html>"):
        html = FRAGMENT.format(language=language, name=name, body=html)
    file_name = f"{name}-{visitor}-{language}.html".replace(":", "-").replace(" ", "-")
    (folder / file_name).write_text(html)
    return {file_name: f"{name} as {visitor} {LANGUAGES[language]}"}


def checker_errors(folder: Path, pages: dict[str, str]) -> list[str]:
    """The checker's errors on the pages in the folder: each message once, with where."""
    java = shutil.which("java")
    if java is None:
        pytest.fail("Java is missing: ./dev test installs Debian's default-jre-headless")
    if not VNU.exists():
        pytest.fail("vnu.jar is missing: ./dev test installs it with npm ci")
    result = subprocess.run(  # noqa: S603 - Java on the PATH and our own npm package
        [java, "-jar", str(VNU), "--errors-only", "--format", "json",
         *(str(folder / file_name) for file_name in sorted(pages))],
        capture_output=True,
        text=True,
        timeout=600,
        check=False,
    )  # fmt: skip
    # The checker writes its report to standard error and exits with 1 when it found errors.
    report = json.loads(result.stderr)
    where: dict[str, dict[str, int]] = defaultdict(dict)
    example: dict[str, str] = {}
    for message in report["messages"]:
        url = message.get("url", "?")
        page = pages.get(url.rsplit("/", 1)[-1], url)
        where[message["message"]].setdefault(page, message.get("lastLine", 0))
        example.setdefault(message["message"], message.get("extract", "").strip())
    return [
        f"- {text}\n    e.g. {example[text]!r}\n    on {len(found)} page(s): "
        + "; ".join(f"{page} (line {line})" for page, line in list(found.items())[:4])
        for text, found in sorted(where.items())
    ]
