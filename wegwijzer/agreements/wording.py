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
agrees to. They are kept per language here, as the school's own rows are: the wording of a
legal text is the school's text in that language, not a translation of the interface.
"""

from collections.abc import Mapping
from dataclasses import dataclass

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
    "programme": "Hospitality (4, 25168)",
    "host": "Hotel Sol Valencia",
    "host_city": "Valencia, ES",
    "contact": "Carmen Ruiz",
    "trainer": "Jorge Martín",
    "supervisor": "Els Bakker",
    "start": "01-02-2027",
    "end": "30-04-2027",
    "days": "89",
    "hours_per_week": "32,5",
    "working_days": "ma–vr 9–17",
    "insurer": "Zilveren Kruis",
}

_PLACEMENT_NL = """\
# Artikel 1 Partijen
Deze praktijkovereenkomst wordt gesloten tussen {school} in {school_city} (de school), {student}, geboren op {date_of_birth}, student van de opleiding {programme} (de student), en {host} in {host_city} (het leerbedrijf), vertegenwoordigd door {contact}.

# Artikel 2 Duur en uren
De beroepspraktijkvorming (bpv) begint op {start} en eindigt op {end} ({days} dagen). De student werkt {hours_per_week} uur per week: {working_days}.

# Artikel 3 Inhoud
De student voert de taken uit die in deze overeenkomst onder "Taken" staan en werkt aan de leerresultaten en leerdoelen die erin staan. Het leerbedrijf zorgt dat de student die taken kan uitvoeren.

# Artikel 4 Begeleiding
De praktijkopleider {trainer} begeleidt de student in het leerbedrijf. {supervisor} begeleidt de student namens de school en houdt contact met de student en de praktijkopleider zoals onder "Begeleiding en contact" staat.

# Artikel 5 Beoordeling
De school beoordeelt de bpv op de manier die onder "Beoordeling" staat; de praktijkopleider geeft daarvoor zijn oordeel over het werk van de student.

# Artikel 6 Verzekering en aansprakelijkheid
De student is verzekerd voor ziektekosten bij {insurer} en zorgt voor een reis- en aansprakelijkheidsverzekering die in het land van het leerbedrijf geldt. Het leerbedrijf is aansprakelijk voor schade die de student tijdens het werk lijdt zoals het dat voor zijn eigen medewerkers is.

# Artikel 7 Vergoeding
Een vergoeding die het leerbedrijf de student geeft, staat onder "Financiering". Zonder vermelding geeft het leerbedrijf geen vergoeding.

# Artikel 8 Voortijdig beëindigen
Elke partij kan de bpv voortijdig beëindigen als voortzetting redelijkerwijs niet gevraagd kan worden. Zij overlegt eerst met de andere partijen; de school bespreekt met de student hoe de opleiding wordt voortgezet. De overeenkomst eindigt ook als de onderwijsovereenkomst van de student eindigt.

# Artikel 9 Ondertekening
De partijen ondertekenen deze overeenkomst elk langs hun eigen weg; is de student op de eerste dag jonger dan 18 jaar, dan tekent ook een ouder of voogd.
"""

_PLACEMENT_EN = """\
# Article 1 Parties
This placement agreement is made between {school} in {school_city} (the school), {student}, born on {date_of_birth}, a student of the programme {programme} (the student), and {host} in {host_city} (the host company), represented by {contact}.

# Article 2 Duration and hours
The work placement starts on {start} and ends on {end} ({days} days). The student works {hours_per_week} hours a week: {working_days}.

# Article 3 Contents
The student carries out the tasks listed under "Tasks" in this agreement and works on the learning outcomes and learning goals it lists. The host company makes sure the student can carry out those tasks.

# Article 4 Supervision
The practical trainer {trainer} guides the student at the host company. {supervisor} supervises the student on behalf of the school and keeps in touch with the student and the practical trainer as agreed under "Supervision and contact".

# Article 5 Assessment
The school assesses the placement as described under "Assessment"; the practical trainer gives their judgement of the student's work for it.

# Article 6 Insurance and liability
The student's health insurer is {insurer}; the student takes out travel and liability insurance valid in the host company's country. The host company is liable for damage the student suffers at work as it is for its own employees.

# Article 7 Allowance
An allowance the host company gives the student is listed under "Funding". Without one, the host company gives none.

# Article 8 Ending early
Each party may end the placement early when it cannot reasonably be asked to continue. It first consults the other parties; the school discusses with the student how their education continues. The agreement also ends when the student's education agreement ends.

# Article 9 Signatures
The parties each sign this agreement in their own way; when the student is under 18 on the first day, a parent or guardian signs as well.
"""

_LEARNING_NL = """\
# Artikel 1 Doel
Deze Learning Agreement legt vast wat {student} ({programme}) van {start} tot en met {end} bij {host} in {host_city} leert en doet, en hoe {school} dat erkent.

# Artikel 2 Leerresultaten en taken
De student werkt aan de leerresultaten en leerdoelen die in deze overeenkomst staan, door de taken uit te voeren die eronder staan. De student werkt {hours_per_week} uur per week.

# Artikel 3 Beoordeling en erkenning
{trainer} beoordeelt namens het leerbedrijf het werk van de student; de school beoordeelt de leerresultaten zoals onder "Beoordeling" staat. De school erkent de behaalde leerresultaten als deel van de opleiding en vermeldt ze in de Europass Mobility.

# Artikel 4 Wijzigingen
Een wijziging van de leerresultaten, taken of beoordeling wordt een nieuwe versie van deze overeenkomst, die opnieuw door alle partijen wordt ondertekend.
"""

_LEARNING_EN = """\
# Article 1 Purpose
This Learning Agreement sets out what {student} ({programme}) learns and does at {host} in {host_city} from {start} to {end}, and how {school} recognises it.

# Article 2 Learning outcomes and tasks
The student works on the learning outcomes and learning goals listed in this agreement by carrying out the tasks listed below them. The student works {hours_per_week} hours a week.

# Article 3 Assessment and recognition
{trainer} assesses the student's work on behalf of the host company; the school assesses the learning outcomes as described under "Assessment". The school recognises the learning outcomes achieved as part of the programme and records them in the Europass Mobility.

# Article 4 Changes
A change to the learning outcomes, tasks or assessment becomes a new version of this agreement, signed again by all parties.
"""

_SUPERVISION_NL = """\
# Artikel 1 Wie begeleidt
{trainer} begeleidt {student} bij {host} als praktijkopleider; {supervisor} begeleidt de student namens {school}.

# Artikel 2 Contactmomenten
De praktijkopleider, de student en de begeleider houden contact zoals onder "Begeleiding en contact" staat, van {start} tot en met {end}. Bij een ongeval, ziekte of een ander probleem neemt het leerbedrijf dezelfde dag contact op met de school.

# Artikel 3 Wat het leerbedrijf toezegt
Het leerbedrijf geeft de student de taken die in deze overeenkomst staan, een veilige werkplek en de begeleiding die ervoor nodig is, en laat de student niet meer dan {hours_per_week} uur per week werken.
"""

_SUPERVISION_EN = """\
# Article 1 Who supervises
{trainer} guides {student} at {host} as the practical trainer; {supervisor} supervises the student on behalf of {school}.

# Article 2 Contact moments
The practical trainer, the student and the supervisor keep in touch as agreed under "Supervision and contact", from {start} to {end}. After an accident, an illness or another problem the host company contacts the school the same day.

# Article 3 What the host company agrees to
The host company gives the student the tasks listed in this agreement, a safe workplace and the guidance they need, and does not let the student work more than {hours_per_week} hours a week.
"""

DEFAULTS: dict[str, dict[str, str]] = {
    Kind.PLACEMENT: {"nl": _PLACEMENT_NL, "en": _PLACEMENT_EN},
    Kind.LEARNING: {"nl": _LEARNING_NL, "en": _LEARNING_EN},
    Kind.SUPERVISION: {"nl": _SUPERVISION_NL, "en": _SUPERVISION_EN},
}


@dataclass(frozen=True)
class Article:
    heading: str
    paragraphs: list[str]


def default_body(kind: str, language: str) -> str:
    """The built-in wording; English for a language without one of its own."""
    texts = DEFAULTS[kind]
    return texts.get(language, texts["en"])


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
