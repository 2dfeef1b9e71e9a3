"""What an agreement says: the stay's data (facts), what is still missing before it can be
sent, the fingerprint that notices a later change, and the PDF.

The one place that reads a stay for an agreement: the signing service stores the facts and
the PDF made from them, and `refresh_outdated` compares the stored fingerprint with the
stay's current one after every change (registered as a mobilities hook in apps.py, and as
a hosts hook for a change to the host company).

Facts are plain JSON-able values in no language (dates as ISO strings, countries and
choices as codes), so one version's facts render the Dutch and the English copy alike and
their fingerprint does not depend on who looked. Sensitive fields (insurance numbers,
medical notes, passport) are never facts: an agreement names the health insurer only.
"""

import datetime
import hashlib
import json
from dataclasses import dataclass
from decimal import Decimal
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import formats, timezone, translation
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegwijzer.agreements import wording
from wegwijzer.agreements.models import (
    ITEM_KEYS,
    LOGGED_IN,
    Agreement,
    AgreementState,
    Kind,
    StayTerms,
)
from wegwijzer.audit.models import Action
from wegwijzer.audit.phrases import Phrase
from wegwijzer.audit.services import record
from wegwijzer.core.countries import country_name
from wegwijzer.hosts.models import HostCompany
from wegwijzer.learning.services import goals_of
from wegwijzer.links.models import Purpose
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import Funding, ItemStatus, Mobility, MobilityType, Outcome

STYLESHEET = "agreements/agreement_pdf.css"

Facts = dict[str, Any]


def terms_of(mobility: Mobility) -> StayTerms:
    """The stay's terms; an unsaved empty row when none were entered yet."""
    try:
        return mobility.terms
    except StayTerms.DoesNotExist:
        return StayTerms(mobility=mobility)


def facts(mobility: Mobility, kind: str) -> Facts:
    """Everything the agreement shows, as plain JSON-able values (dates as ISO strings)."""
    terms = terms_of(mobility)
    student = mobility.student
    programme = student.programme
    host = mobility.host_company
    supervisor = mobility.supervisor
    departure, back = mobility.departure_date, mobility.return_date
    # The supervision agreement does not show the learning outcomes and the assessment: a
    # change to them must not outdate it.
    shows_learning = kind != Kind.SUPERVISION
    return {
        "kind": kind,
        "school": {
            "name": settings.SCHOOL_NAME,
            "city": settings.SCHOOL_CITY.split(",")[0].strip(),
            "identifier": settings.SCHOOL_LEGAL_IDENTIFIER,
        },
        "student": {
            "name": student.full_name,
            "student_number": student.student_number,
            "date_of_birth": student.date_of_birth.isoformat(),
            "minor": student.age_on(departure) < 18,
            "programme": programme.name,
            "level": programme.level,
            "crebo": programme.qualification_code,
            "email": student.email,
            "health_insurer": student.health_insurer,
        },
        "host": {
            "name": host.name if host else "",
            "city": host.city if host else "",
            "country": str(host.country) if host else "",
            "contact_name": host.contact_name if host else "",
            "contact_email": host.contact_email if host else "",
            "contact_phone": host.contact_phone if host else "",
        },
        "supervisor": {
            "name": supervisor.get_full_name() if supervisor else "",
            "email": supervisor.email if supervisor else "",
        },
        "stay": {
            "type": mobility.type,
            "funding": mobility.funding,
            "erasmus": mobility.funding == Funding.ERASMUS,
            "country": str(mobility.destination_country),
            "city": mobility.destination_city,
            "departure": departure.isoformat(),
            "return": back.isoformat(),
            "days": (back - departure).days + 1,
        },
        "terms": {
            "tasks": terms.tasks,
            "learning_outcomes": terms.learning_outcomes if shows_learning else "",
            "assessment": terms.assessment if shows_learning else "",
            "hours_per_week": _hours_text(terms.hours_per_week),
            "working_days": terms.working_days,
            "trainer_name": terms.trainer_name,
            "trainer_email": terms.trainer_email,
            "trainer_phone": terms.trainer_phone,
            "supervision": terms.supervision,
        },
        "goals": [{"goal": goal.goal, "tasks": goal.tasks} for goal in goals_of(mobility)],
    }


def _hours_text(hours: Decimal | None) -> str:
    """ "32.5" or "32" (no ".0"), "" when not entered."""
    if hours is None:
        return ""
    return str(hours.quantize(Decimal(1)) if hours == hours.to_integral() else hours)


# Where a sent agreement keeps the school's wording it was made with, per language; not a
# fact of the stay, so not in the fingerprint (facts() never holds it).
WORDING = "wording"


def with_wording(made_from: Facts, languages: list[str]) -> Facts:
    """The facts with the school's current wording of their kind in each language."""
    kind = made_from["kind"]
    return {
        **made_from,
        WORDING: {language: wording.body_of(kind, language) for language in languages},
    }


def fingerprint(made_from: Facts) -> str:
    """The SHA-256 of the facts, independent of the order of their keys."""
    canonical = json.dumps(made_from, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def missing(mobility: Mobility, kind: str) -> list[str]:
    """What must be entered before this agreement can be sent, in the reader's language,
    each phrased for the coordinator who will enter it (or ask for it)."""
    made_from = facts(mobility, kind)
    host, terms, stay = made_from["host"], made_from["terms"], made_from["stay"]
    trainer = (terms["trainer_name"], _("the practical trainer (in the stay's terms)"))
    supervisor = (made_from["supervisor"]["name"], _("the school's supervisor of the stay"))
    tasks = (terms["tasks"], _("the tasks (in the stay's terms)"))
    contact = (
        host["contact_name"] and host["contact_email"],
        _("the host company's contact person and e-mail address"),
    )
    wanted: list[tuple[object, str]]
    if kind == Kind.PLACEMENT:
        wanted = [
            (host["name"], _("the host company")),
            contact,
            trainer,
            supervisor,
            tasks,
            (stay["return"] >= stay["departure"], _("a return date after the departure")),
            (terms["hours_per_week"], _("the hours per week (in the stay's terms)")),
        ]
    elif kind == Kind.LEARNING:
        if not stay["erasmus"]:
            return [_("not an Erasmus+ stay: a Learning Agreement is for Erasmus+ stays only")]
        wanted = [
            (terms["learning_outcomes"], _("the learning outcomes (in the stay's terms)")),
            (terms["assessment"], _("the assessment (in the stay's terms)")),
            tasks,
            (host["name"], _("the host company")),
            contact,
        ]
    else:
        wanted = [
            (
                terms["supervision"],
                _("the supervision and contact agreements (in the stay's terms)"),
            ),
            trainer,
            supervisor,
            (host["name"], _("the host company")),
            contact,  # the host signs it through a link to this address
        ]
    return [what for value, what in wanted if not value]


# The PDF


@dataclass(frozen=True)
class Row:
    label: str
    value: str


def _date(iso: str) -> str:
    return formats.date_format(datetime.date.fromisoformat(iso), "DATE_FORMAT")


def _hours(text: str) -> str:
    return formats.number_format(Decimal(text), use_l10n=True) if text else ""


def _joined(*parts: object) -> str:
    return ", ".join(str(part) for part in parts if part)


def values(made_from: Facts) -> dict[str, str]:
    """The wording's placeholders filled from the facts, in the active language."""
    student, host, stay, terms = (
        made_from["student"], made_from["host"], made_from["stay"], made_from["terms"]
    )  # fmt: skip
    return {
        "school": made_from["school"]["name"],
        "school_city": made_from["school"]["city"],
        "student": student["name"],
        "date_of_birth": _date(student["date_of_birth"]),
        "programme": f"{student['programme']} ({student['level']}, {student['crebo']})",
        "host": host["name"],
        "host_city": _joined(host["city"], host["country"] and country_name(host["country"])),
        "contact": host["contact_name"],
        "trainer": terms["trainer_name"],
        "supervisor": made_from["supervisor"]["name"],
        "start": _date(stay["departure"]),
        "end": _date(stay["return"]),
        "days": str(stay["days"]),
        "hours_per_week": _hours(terms["hours_per_week"]),
        "working_days": terms["working_days"],
        "insurer": student["health_insurer"] or "—",
    }


def _parties(made_from: Facts) -> list[Row]:
    school, student, host = made_from["school"], made_from["student"], made_from["host"]
    terms, supervisor = made_from["terms"], made_from["supervisor"]
    filled = values(made_from)
    return [
        Row(_("School"), _joined(school["name"], school["city"], school["identifier"])),
        Row(
            _("Student"),
            _joined(
                student["name"],
                _("born on %(date)s") % {"date": filled["date_of_birth"]},
                _("student number %(number)s") % {"number": student["student_number"]},
                student["email"],
            ),
        ),
        Row(_("Programme"), _("%(programme)s, level %(level)s, crebo %(crebo)s") % student),
        Row(_("Host company"), _joined(host["name"], filled["host_city"])),
        Row(
            _("Contact person"),
            _joined(host["contact_name"], host["contact_email"], host["contact_phone"]),
        ),
        Row(
            _("Practical trainer"),
            _joined(terms["trainer_name"], terms["trainer_email"], terms["trainer_phone"]),
        ),
        Row(_("Supervisor of the school"), _joined(supervisor["name"], supervisor["email"])),
    ]


def _stay(made_from: Facts) -> list[Row]:
    stay, terms = made_from["stay"], made_from["terms"]
    filled = values(made_from)
    return [
        Row(_("Type of stay"), str(MobilityType(stay["type"]).label)),
        Row(_("Destination"), _joined(stay["city"], country_name(stay["country"]))),
        Row(_("Start"), filled["start"]),
        Row(_("End"), filled["end"]),
        Row(_("Duration"), _("%(days)s days") % {"days": stay["days"]}),
        Row(_("Hours per week"), filled["hours_per_week"] or "—"),
        Row(_("Working days and times"), terms["working_days"] or "—"),
        Row(_("Health insurer"), filled["insurer"]),
    ]


def _funding(made_from: Facts) -> str:
    stay = made_from["stay"]
    if stay["erasmus"]:
        return _(
            "This stay is funded by Erasmus+. The student receives a grant from the school "
            "for travel and for each day of the stay, under the school's Erasmus+ grant "
            "agreement; the Learning Agreement is part of it."
        )
    if stay["funding"] == Funding.OTHER:
        return _("This stay is funded otherwise than by Erasmus+.")
    return _("No grant is given for this stay.")


def _purpose(value: str) -> str:
    """A signature's route in the document's language: its link's purpose, or the page."""
    if value == LOGGED_IN:
        return _("signed on their own page in Wegwijzer, logged in")
    return str(Purpose(value).label) if value in Purpose.values else value


def render_pdf(
    made_from: Facts,
    *,
    language: str,
    signatures: list[Any] | None = None,
    document_sha256: str = "",
) -> bytes:
    """The agreement as PDF bytes in the language; with `signatures` (complete) it ends
    with the signature page showing each party's evidence and `document_sha256`, the hash
    of the document they signed."""
    from wegwijzer.whereabouts.card import write_pdf

    kind = made_from["kind"]
    with translation.override(language):
        # The wording kept with a sent agreement: its final PDF says what was signed, even
        # when the school's wording changed while the signatures came in.
        body = made_from.get(WORDING, {}).get(language) or wording.body_of(kind, language)
        context = {
            "facts": made_from,
            "language": language,
            "kind_label": Kind(kind).label,
            "parties": _parties(made_from),
            "stay": _stay(made_from),
            "articles": wording.articles(body, values(made_from)),
            "funding": _funding(made_from),
            "signatures": [
                {"signature": signature, "purpose": _purpose(signature.purpose)}
                for signature in signatures or []
            ],
            "document_sha256": document_sha256,
            "made": timezone.now(),
        }
        html = render_to_string("agreements/agreement_pdf.html", context)
        return write_pdf(html, stylesheet=STYLESHEET)


# Outdating


def refresh_outdated(mobility: Mobility) -> int:
    """Mark the stay's agreements outdated whose facts no longer match the stay's; how many.

    Called after every change to the stay, its terms, its goals or its host company. Each
    change of state is audited. A complete agreement that becomes outdated no longer
    settles its checklist item: the item goes back on the to-do list (while the stay is
    open), so someone is steered to have the new version signed.
    """
    if not mobility.is_open:
        return 0  # a closed stay's agreements are history: what was signed stays so
    changed = 0
    now = timezone.now()
    current: dict[str, str] = {}
    open_or_done = [AgreementState.SIGNING, AgreementState.COMPLETE]
    for agreement in Agreement.objects.filter(mobility=mobility, state__in=open_or_done):
        if agreement.kind not in current:
            current[agreement.kind] = fingerprint(facts(mobility, agreement.kind))
        if current[agreement.kind] == agreement.fingerprint:
            continue
        Agreement.objects.filter(pk=agreement.pk).update(
            state=AgreementState.OUTDATED, outdated_at=now, version=agreement.version + 1
        )
        record(
            by=None, action=Action.CHANGE, obj=agreement, label=str(agreement),
            mobility=mobility, student=mobility.student,
            changes={"state": (agreement.state, AgreementState.OUTDATED)},
            actor_label=Phrase(gettext_noop("Wegwijzer (the stay's details changed)")),
        )  # fmt: skip
        if agreement.state == AgreementState.COMPLETE:
            _unsettle(mobility, agreement)
        changed += 1
    return changed


def _unsettle(mobility: Mobility, agreement: Agreement) -> None:
    """Put the kind's item, settled by the now outdated agreement, back on the to-do list."""
    note = Phrase(
        gettext_noop(
            "The signed %(kind)s, version %(number)s, is outdated: the stay's details changed."
        ),
        kind=Phrase.label(Kind(agreement.kind).label),
        number=str(agreement.number),
    )
    settled = mobility.items.filter(
        template_item__key=ITEM_KEYS[agreement.kind], status=ItemStatus.DONE, applicable=True
    )
    for item in settled:
        mobility_services.reopen_item(
            item, by=None, version=item.version, note=note,
            actor_label=Phrase(gettext_noop("Wegwijzer (the stay's details changed)")),
        )  # fmt: skip


def refresh_outdated_of_host(host: HostCompany) -> int:
    """After a change to a host company: refresh the stays there with an open or complete
    agreement (a hosts hook, registered in apps.py)."""
    open_or_done = [AgreementState.SIGNING, AgreementState.COMPLETE]
    stays = Mobility.objects.filter(
        host_company=host, agreements__state__in=open_or_done
    ).distinct()
    stays = stays.filter(outcome=Outcome.IN_PROGRESS)
    return sum(
        refresh_outdated(mobility)
        for mobility in stays.select_related("student__programme", "host_company", "supervisor")
    )
