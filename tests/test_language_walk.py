"""Every page of the URL walk, read in Dutch and in English by every visitor who may see it.

A Dutch page may show no English phrase of the list below, and an English page no Dutch
word of its list: whole words, case-sensitive, in the visible text only (no tags, scripts,
styles or attribute values). People's names are left out, and so is any element marked
with another `lang` than the page's (the language switch names the other language).
"""

import re
from html.parser import HTMLParser

import pytest
from django.conf import settings
from django.core.management import call_command
from django.test import Client
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext_noop

from tests.links.helpers import make_link
from tests.test_url_access import (  # noqa: F401 (the world fixture)
    ANONYMOUS,
    RULES,
    VISITORS,
    World,
    payment,
    roll_call_entry_of,
    world,
)
from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import record
from wegwijzer.care import services as care_services
from wegwijzer.care.models import RollCall
from wegwijzer.funding import policy
from wegwijzer.funding.models import MobilityGrant
from wegwijzer.hosts.models import HostCompany
from wegwijzer.links import services as link_services
from wegwijzer.links.models import Purpose
from wegwijzer.mobilities.models import Mobility
from wegwijzer.students.models import EmergencyContact, Guardian, Student

# English seen on Dutch pages, or likely to be: each was once there or is Django's own.
ENGLISH = [
    "Select an option",
    "Payments:",
    "Hospitality",
    "Overdue",
    "Save",
    "Cancel",
    "Yes",
    "No",
    "Back",
    "Date",
    "Name",
    "step",
    "the",
    "and",
    "This field is required",
    "Enter a number",
    "History",
    "Nothing has happened yet",
    "created",
    "changed",
    "Search",
    "Next",
    "Previous",
    "Page",
    "Log out",
    "Password",
    "Amount",
    "Note",
    "Reason",
    "Feb",
    "Mar",
    "Apr",
    "Jun",
    "Jul",
    "Aug",
    "Sep",
    "Oct",
    "Nov",
    "Dec",
    # Once in the history: sentences and labels stored in the writer's language.
    "Roll call",
    "Theft or loss",
    "Minor",
    "host company",
    "Evaluated by",
]

# Dutch seen on English pages: words an English sentence never holds.
DUTCH = [
    "Opslaan",
    "Terug",
    "stap",
    "Stap",
    "leerbedrijf",
    "Geen",
    "geen",
    "Datum",
    "te laat",
    "het",
    "een",
    "van",
    "niet",
    "Wijzigen",
    "Annuleren",
    "Betalingen",
    "Geschiedenis",
    "gewijzigd",
    "aangemaakt",
    "januari",
    "februari",
    "maart",
    "april",
    "mei",
    "juni",
    "juli",
    "augustus",
    "september",
    "oktober",
    "november",
    "december",
    "mrt",
    "okt",
    # Once in the history: sentences and labels stored in the writer's language.
    "Geëvalueerd",
    "Veiligheidscontrole",
    "Diefstal",
    "Licht",
]


# Wegwijzer says "je" to everyone, never "u".
FORMAL_DUTCH = ["U", "u", "Uw", "uw"]

# Dutch on English pages on purpose: the name of a Dutch recognition, given in brackets.
KEPT_IN_DUTCH = ["(erkend leerbedrijf)"]

# A Dutch date never capitalises its month ("14 okt 2026", not "14 Okt 2026").
CAPITALISED_DUTCH_MONTH = re.compile(r"\d (Jan|Feb|Mrt|Apr|Mei|Jun|Jul|Aug|Sep|Okt|Nov|Dec)\b")


class VisibleText(HTMLParser):
    """The text a reader sees on a page in `language`: no markup, scripts or styles, and
    nothing inside an element marked as another language."""

    HIDDEN = {"script", "style", "template"}
    LABELS = {"th", "dt", "label", "legend"}
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "source", "track", "wbr"}  # fmt: skip

    def __init__(self, language: str) -> None:
        super().__init__()
        self.language = language
        self.stack: list[bool] = []  # per open element: is its text skipped?
        self.parts: list[str] = []
        self.labels: list[str] = []  # the text of each table header, term and label
        self.choices: set[int] = set()  # labels of a checkbox or radio: a choice, no label
        self.label_depth = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "input" and self.label_depth:
            self.choices.add(len(self.labels) - 1)
        if tag in self.VOID:
            return
        lang = dict(attrs).get("lang")
        skipped = tag in self.HIDDEN or bool(lang and not lang.startswith(self.language))
        self.stack.append(skipped or (bool(self.stack) and self.stack[-1]))
        if tag in self.LABELS:
            self.label_depth += 1
            if self.label_depth == 1:
                self.labels.append("")

    def handle_endtag(self, tag: str) -> None:
        if tag not in self.VOID and self.stack:
            self.stack.pop()
        if tag in self.LABELS and self.label_depth:
            self.label_depth -= 1

    def handle_data(self, data: str) -> None:
        if not (self.stack and self.stack[-1]):
            self.parts.append(data)
            if self.label_depth:
                self.labels[-1] += data

    @classmethod
    def of(cls, html: str, language: str) -> "VisibleText":
        parser = cls(language)
        parser.feed(html)
        return parser

    @property
    def text(self) -> str:
        return " ".join(" ".join(self.parts).split())

    def lowercase_labels(self) -> list[str]:
        """Table headers, terms and labels that start with a small letter."""
        return [
            label.strip()
            for n, label in enumerate(self.labels)
            if label.strip()[:1].islower() and n not in self.choices
        ]


def foreign_phrases(text: str, phrases: list[str]) -> list[str]:
    for kept in KEPT_IN_DUTCH:
        text = text.replace(kept, " ")
    found = []
    for phrase in phrases:
        if match := re.search(rf"(?<![\w-]){re.escape(phrase)}(?![\w-])", text):
            found.append(f"{phrase!r} in …{text[max(0, match.start() - 40) : match.end() + 40]}…")
    return found


def mistakes(page: VisibleText, language: str) -> list[str]:
    """What a reader of `language` would stumble on in the page."""
    text = without_names(page.text)
    if language == "en":
        return foreign_phrases(text, DUTCH)
    found = foreign_phrases(text, ENGLISH) + foreign_phrases(text, FORMAL_DUTCH)
    found += [f"month {month}" for month in CAPITALISED_DUTCH_MONTH.findall(text)]
    found += [f"label {label!r}" for label in page.lowercase_labels()]
    return found


def without_names(text: str) -> str:
    """The text without people's names, which are in no language."""
    names = {str(user) for user in User.objects.all()}
    names |= {user.get_full_name() for user in User.objects.all()}
    # The greeting names the reader by first name alone ("Welkom, Sep"): a random first
    # name may be an English word of the list above.
    for user in User.objects.exclude(first_name=""):
        names |= {f"Welkom, {user.first_name}", f"Welcome, {user.first_name}"}
    names |= {str(student) for student in Student.objects.all()}
    names |= {student.full_name for student in Student.objects.all()}
    names |= set(Guardian.objects.values_list("name", flat=True))
    names |= set(EmergencyContact.objects.values_list("name", flat=True))
    names |= set(HostCompany.objects.values_list("contact_name", flat=True))
    names |= set(HostCompany.objects.values_list("name", flat=True))
    for name in sorted(filter(None, names), key=len, reverse=True):
        text = text.replace(name, " ")
    return text


def pages(world: World, language: str) -> dict[str, VisibleText]:  # noqa: F811
    """Every page a visitor may see, by "page as visitor", read in `language`."""
    seen = {}
    for name, rule in sorted(RULES.items()):
        for visitor in VISITORS:
            if rule.expect[visitor] != 200:
                continue
            client = Client()
            if visitor != ANONYMOUS:
                client.force_login(world.users[visitor])
            client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
            response = getattr(client, rule.method)(reverse(name, kwargs=rule.kwargs(world)))
            if not response["Content-Type"].startswith("text/html"):
                continue
            assert response.status_code == 200, (name, visitor)
            seen[f"{name} as {visitor}"] = VisibleText.of(response.content.decode(), language)
    return seen


@pytest.fixture
def lived_in(world: World) -> World:  # noqa: F811
    """The walk's world with a history: the changes services record under names of their
    own, an answer given through a link, a roll-call answer and an incident, so the history
    pages have words to show. The link is answered in Dutch, the others in English: each
    reader reads them in their own language."""
    coordinator = world.users["coordinator"]
    mobility = world.mobility
    payment(world)
    grant = MobilityGrant.objects.get(mobility=mobility)
    policy.plan_payments(grant, by=coordinator)
    record(
        by=coordinator, action=Action.CHANGE, obj=grant, mobility=mobility,
        student=mobility.student, changes={"payments": ("", "1: €650.00 2027-01-01")},
        note=gettext_noop("Payments planned from the grant policy"),
    )  # fmt: skip
    record(
        by=None, action=Action.CHANGE, obj=mobility, mobility=mobility,
        student=mobility.student, changes={"step": (1, 2)},
        actor_label=gettext_noop("the student, through the link in the roll call"),
    )  # fmt: skip
    # The host's evaluation: the walk's own links ask for the agreement, which stays open.
    link, _token = make_link(mobility, Purpose.HOST_EVALUATION)
    link_services.submit_link(link, name="Luis Ortega", ip=None, answers={"remarks": "Goed"})
    with translation.override("en"):
        care_services.record_answer(roll_call_entry_of(world), answer="safe")
        care_services.log_incident(
            mobility, by=coordinator, kind="theft",
            severity="minor", occurred_on=timezone.localdate(), description="Phone",
        )  # fmt: skip
    return world


@pytest.mark.parametrize("language", ["nl", "en"], ids=["dutch", "english"])
def test_every_page_speaks_one_language(lived_in, language):
    found = {
        page: phrases
        for page, read in pages(lived_in, language).items()
        if (phrases := mistakes(read, language))
    }

    assert not found, "\n".join(f"{page}: {phrases}" for page, phrases in found.items())


DEMO_PAGES = [
    "home", "students:list", "hosts:list", "whereabouts:list", "care:incidents",
    "care:roll-calls", "funding:payments", "funding:overview",
]  # fmt: skip


def test_the_demo_school_speaks_dutch(db, settings, client):
    settings.DEBUG = True
    with translation.override("nl"):  # as manage.py runs it, whatever a test left active
        call_command("load_demo", "--quiet-logins")
    client.force_login(User.objects.get(username="coordinator"))
    roll_call = RollCall.objects.get()
    urls = [
        *(reverse(name) for name in DEMO_PAGES),
        reverse("care:roll-call", kwargs={"public_id": roll_call.public_id}),
        *(
            reverse("mobilities:detail", kwargs={"public_id": public_id})
            for public_id in Mobility.objects.values_list("public_id", flat=True)
        ),
    ]

    found = {}
    for url in urls:
        response = client.get(url)
        assert response.status_code == 200, url
        if phrases := mistakes(VisibleText.of(response.content.decode(), "nl"), "nl"):
            found[url] = phrases

    assert not found, "\n".join(f"{url}: {phrases}" for url, phrases in found.items())
