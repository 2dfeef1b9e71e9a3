import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from django.conf import settings
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[2]
IGNORE_IN_COPY = shutil.ignore_patterns("__pycache__", "*.mo")
PO_FILE = ROOT / "wegwijzer" / "locale" / "nl" / "LC_MESSAGES" / "django.po"


def msgids(po_file: Path) -> set[str]:
    """The translatable strings of a .po file, as msgcat's one-line output shows them."""
    result = subprocess.run(  # noqa: S603
        ["msgcat", "--no-wrap", "--sort-output", str(po_file)],  # noqa: S607
        capture_output=True,
        text=True,
        check=True,
    )
    return {
        line.removeprefix("msgid ")
        for line in result.stdout.splitlines()
        if line.startswith("msgid ") and line != 'msgid ""'
    }


def test_every_dutch_translation_is_filled_in_and_not_fuzzy():
    result = subprocess.run(  # noqa: S603
        ["msgfmt", "--check", "--statistics", "-o", "/dev/null", str(PO_FILE)],  # noqa: S607
        capture_output=True,
        text=True,
        check=False,
    )

    assert result.returncode == 0, result.stderr
    assert "fuzzy" not in result.stderr and "untranslated" not in result.stderr, result.stderr


def test_every_string_in_the_code_is_in_the_dutch_catalogue(tmp_path):
    # makemessages runs on a copy of the code, so the committed catalogue is only read.
    shutil.copytree(ROOT / "wegwijzer", tmp_path / "wegwijzer", ignore=IGNORE_IN_COPY)
    shutil.copy(ROOT / "manage.py", tmp_path)
    result = subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "nl", "--no-obsolete", "-v0"],
        cwd=tmp_path,
        env={**os.environ, "DEBUG": "1"},
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr

    missing = msgids(tmp_path / PO_FILE.relative_to(ROOT)) - msgids(PO_FILE)

    assert not missing, f"run makemessages and translate: {sorted(missing)}"


@pytest.mark.django_db
def test_language_switch_to_english_and_back(client, coordinator):
    client.force_login(coordinator)
    assert "Overzicht" in client.get("/").content.decode()

    client.post(reverse("set_language"), {"language": "en", "next": "/"})
    english = client.get("/").content.decode()
    client.post(reverse("set_language"), {"language": "nl", "next": "/"})
    dutch = client.get("/").content.decode()

    assert '<html lang="en">' in english and "Overview" in english
    assert '<html lang="nl">' in dutch and "Overzicht" in dutch


def test_dutch_is_the_default_language():
    assert settings.LANGUAGE_CODE == "nl"


@pytest.mark.django_db
def test_an_english_browser_still_gets_dutch_until_english_is_chosen(client, coordinator):
    client.force_login(coordinator)

    response = client.get("/", headers={"accept-language": "en-US,en;q=0.9"})

    assert "Overzicht" in response.content.decode()
    assert response["Content-Language"] == "nl"
