"""The articles of an agreement: the school's wording per kind and language, or the default.

A wording is plain text with placeholders (`{student}`, `{host}` ...), never a Django
template, so a school's text cannot reach an attribute of an object; the placeholder code
is the e-mail wording's (notifications.rendering). A line starting with "#" is an article's
heading; a blank line starts a new paragraph. The values filled in are escaped when the
PDF's HTML is made (the template's autoescape), so a company called "<b>" stays text.

The defaults are written from the reference facts: the placement agreement's minimum
contents (parties, start and end, practice hours, the practical trainer, the work the
student does, supervision by school and company, assessment, ending early, insurance and
liability, allowance, signatures), the Learning Agreement's learning outcomes, tasks and
assessment/recognition, and the supervision agreement's who, when and what the company
agrees to. They are text files, one per kind and language (defaults/placement.nl.txt ...),
as the school's own rows are: the wording of a legal text is the school's text in that
language, not a translation of the interface.
"""

import functools
from collections.abc import Mapping
from dataclasses import dataclass
from pathlib import Path

from django.conf import settings
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy

from wegwijzer.agreements.models import AgreementWording, Kind
from wegwijzer.notifications import rendering
from wegwijzer.notifications.rendering import PlaceholderError

__all__ = ["PlaceholderError"]

# Every placeholder an agreement's wording may use, with what it holds.
MEANINGS: dict[str, Promise] = {
    "school": gettext_lazy("The school's name."),
    "school_city": gettext_lazy("The school's city."),
    "student": gettext_lazy("The student's full name."),
    "date_of_birth": gettext_lazy("The student's date of birth."),
    "programme": gettext_lazy("The student's programme, with its level and crebo code."),
    "host": gettext_lazy("The host company."),
    "host_city": gettext_lazy("The host company's city and country."),
    "contact": gettext_lazy("The host company's contact person."),
    "trainer": gettext_lazy("The practical trainer at the host company."),
    "supervisor": gettext_lazy("The school's supervisor of the stay."),
    "start": gettext_lazy("The first day of the stay."),
    "end": gettext_lazy("The last day of the stay."),
    "days": gettext_lazy("How many days the stay lasts."),
    "hours_per_week": gettext_lazy("The practice hours per week."),
    "working_days": gettext_lazy("The working days and times."),
    "insurer": gettext_lazy("The student's health insurer."),
}
ALLOWED = frozenset(MEANINGS)

# Sample values for the preview.
SAMPLES: dict[str, str] = {
    "school": "Demo College Utrecht",
    "school_city": "Utrecht",
    "student": "Sanne de Vries",
    "date_of_birth": "14-03-2008",
    "programme": "Zelfstandig werkend kok (3, 25180)",
    "host": "Hotel Sol Valencia",
    "host_city": "Valencia, ES",
    "contact": "Carmen Ruiz",
    "trainer": "Jorge Martín",
    "supervisor": "Els Bakker",
    "start": "01-02-2027",
    "end": "30-04-2027",
    "days": "89",
    "hours_per_week": "32,5",
    "working_days": "9:00-17:00",
    "insurer": "Zilveren Kruis",
}

# The default wording of each kind in each language: defaults/<kind>.<language>.txt.
DEFAULTS_FOLDER = Path(__file__).resolve().parent / "defaults"


@dataclass(frozen=True)
class Article:
    heading: str
    paragraphs: list[str]


@functools.cache
def default_body(kind: str, language: str) -> str:
    """The built-in wording; English for a language without one of its own."""
    path = DEFAULTS_FOLDER / f"{Kind(kind).value}.{language}.txt"
    if not path.exists():
        path = DEFAULTS_FOLDER / f"{Kind(kind).value}.en.txt"
    return path.read_text(encoding="utf-8")


def stored(kind: str, language: str) -> AgreementWording | None:
    return AgreementWording.objects.filter(kind=kind, language=language).first()


def body_of(kind: str, language: str) -> str:
    """The school's wording of the kind in the language, or the default."""
    own = stored(kind, language)
    return own.body if own is not None else default_body(kind, language)


def check(body: str) -> None:
    """PlaceholderError unless every placeholder of the body is one an agreement knows."""
    rendering.check(body, ALLOWED)


def articles(body: str, values: Mapping[str, object]) -> list[Article]:
    """The body filled in with the values, as articles: a "#" line is a heading, a blank
    line ends a paragraph; text before the first heading is an article without one."""
    found: list[Article] = []
    heading = ""
    paragraphs: list[str] = []
    lines: list[str] = []

    def end_paragraph() -> None:
        if lines:
            paragraphs.append(" ".join(lines))
            lines.clear()

    for line in rendering.fill(body, values).splitlines():
        text = line.strip()
        if text.startswith("#"):
            end_paragraph()
            if heading or paragraphs:
                found.append(Article(heading, list(paragraphs)))
            heading, paragraphs = text.lstrip("#").strip(), []
        elif text:
            lines.append(text)
        else:
            end_paragraph()
    end_paragraph()
    if heading or paragraphs:
        found.append(Article(heading, list(paragraphs)))
    return found


def languages() -> list[tuple[str, str]]:
    return [(code, str(name)) for code, name in settings.LANGUAGES]
