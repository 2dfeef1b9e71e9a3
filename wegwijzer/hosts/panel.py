"""What the mobility page shows of the host company: the warning on the placement item when
the company's recognition for the student's programme has expired, and the student's view of
the company once back home."""

import datetime
from dataclasses import dataclass

from django.utils.formats import date_format
from django.utils.translation import gettext as _

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.hosts.models import HostRecognition, HostReview
from wegwijzer.mobilities.models import ChecklistItem, Mobility
from wegwijzer.programmes.models import Step

# The checklist item of the placement agreement, signed with the host company (step 3).
PLACEMENT_ITEM = "preparation-placement-agreement"


def recognition_warning(mobility: Mobility, item: ChecklistItem, today: datetime.date) -> str:
    """A warning for the placement item when the host's recognition (erkend leerbedrijf)
    for the student's programme has expired; "" otherwise. One query, for that item only."""
    if item.template_item.key != PLACEMENT_ITEM or mobility.host_company_id is None:
        return ""
    recognition = HostRecognition.objects.filter(
        host_id=mobility.host_company_id, programme_id=mobility.student.programme_id
    ).first()
    if recognition is None or recognition.valid_until is None:
        return ""
    if not recognition.is_expired(today):
        return ""
    return _(
        "The host company's recognition for this programme (erkend leerbedrijf) expired "
        "on %(date)s. Check with SBB before the placement agreement is signed."
    ) % {"date": date_format(recognition.valid_until, "DATE_FORMAT")}


@dataclass
class HostReviewPanel:
    review: HostReview | None
    may_write: bool


def host_review_panel(user: User, mobility: Mobility) -> HostReviewPanel | None:
    """The student's view of the host company: the student writes it back home, the
    school's staff read it; None hides the card. It belongs to coming back (step 5): before
    that it is not looked for."""
    if mobility.step < Step.BACK_HOME or mobility.host_company_id is None:
        return None
    may_write = access.can_review_host(user, mobility)
    if not (may_write or access.can_see_host_reviews(user)):
        return None
    review = HostReview.objects.filter(mobility=mobility).first()
    if review is None and not may_write:
        return None
    return HostReviewPanel(review=review, may_write=may_write)
