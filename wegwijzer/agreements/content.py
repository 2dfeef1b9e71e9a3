"""What an agreement says: the stay's data (facts), what is still missing before it can be
sent, the fingerprint that notices a later change, and the PDF.

The one place that reads a stay for an agreement: the signing service stores the facts and
the PDF made from them, and `refresh_outdated` compares the stored fingerprint with the
stay's current one after every change (registered as a mobilities hook in apps.py).
"""

import hashlib
import json
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation
from django.utils.translation import gettext as _

from wegwijzer.agreements.models import Agreement, AgreementState, Kind, StayTerms
from wegwijzer.mobilities.models import Mobility

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
    host = mobility.host_company
    supervisor = mobility.supervisor
    return {
        "kind": kind,
        "school": {"name": settings.SCHOOL_NAME, "city": settings.SCHOOL_CITY.split(",")[0]},
        "student": {
            "name": student.full_name,
            "student_number": student.student_number,
            "date_of_birth": student.date_of_birth.isoformat(),
            "programme": str(student.programme),
            "email": student.email,
        },
        "host": {
            "name": host.name if host else "",
            "city": host.city if host else "",
            "country": str(host.country) if host else "",
            "contact_name": host.contact_name if host else "",
            "contact_email": host.contact_email if host else "",
        },
        "supervisor": {
            "name": supervisor.get_full_name() if supervisor else "",
            "email": supervisor.email if supervisor else "",
        },
        "stay": {
            "type": mobility.type,
            "funding": mobility.funding,
            "country": str(mobility.destination_country),
            "city": mobility.destination_city,
            "departure": mobility.departure_date.isoformat(),
            "return": mobility.return_date.isoformat(),
        },
        "terms": {
            "tasks": terms.tasks,
            "learning_outcomes": terms.learning_outcomes,
            "assessment": terms.assessment,
            "hours_per_week": str(terms.hours_per_week or ""),
            "working_days": terms.working_days,
            "trainer_name": terms.trainer_name,
            "trainer_email": terms.trainer_email,
            "trainer_phone": terms.trainer_phone,
            "supervision": terms.supervision,
        },
    }


def fingerprint(made_from: Facts) -> str:
    """The SHA-256 of the facts, independent of the order of their keys."""
    canonical = json.dumps(made_from, sort_keys=True, ensure_ascii=False, separators=(",", ":"))
    return hashlib.sha256(canonical.encode()).hexdigest()


def sha256(data: bytes) -> str:
    return hashlib.sha256(data).hexdigest()


def missing(mobility: Mobility, kind: str) -> list[str]:
    """What must be entered before this agreement can be sent, in the reader's language."""
    made_from = facts(mobility, kind)
    wanted = [
        (made_from["host"]["name"], _("the host company")),
        (made_from["host"]["contact_email"], _("the host company's contact and e-mail")),
        (made_from["supervisor"]["name"], _("the supervisor")),
        (made_from["terms"]["tasks"], _("the tasks")),
    ]
    return [what for value, what in wanted if not value]


def render_pdf(made_from: Facts, *, language: str, signatures: list[Any] | None = None) -> bytes:
    """The agreement as PDF bytes; with `signatures` (complete) it ends with the signature
    page showing each party's evidence and the hash of the document they signed."""
    from wegwijzer.whereabouts.card import write_pdf

    with translation.override(language):
        html = render_to_string(
            "agreements/agreement_pdf.html",
            {"facts": made_from, "kind_label": Kind(made_from["kind"]).label,
             "signatures": signatures or [], "made": timezone.now()},
        )  # fmt: skip
        return write_pdf(html, stylesheet=STYLESHEET)


def refresh_outdated(mobility: Mobility) -> int:
    """Mark the stay's agreements outdated whose facts no longer match the stay's; how many.

    Called after every change to the stay, its terms, its goals or its host company.
    """
    changed = 0
    now = timezone.now()
    current: dict[str, str] = {}
    open_or_done = [AgreementState.SIGNING, AgreementState.COMPLETE]
    for agreement in Agreement.objects.filter(mobility=mobility, state__in=open_or_done):
        if agreement.kind not in current:
            current[agreement.kind] = fingerprint(facts(mobility, agreement.kind))
        if current[agreement.kind] != agreement.fingerprint:
            Agreement.objects.filter(pk=agreement.pk).update(
                state=AgreementState.OUTDATED, outdated_at=now, version=agreement.version + 1
            )
            changed += 1
    return changed
