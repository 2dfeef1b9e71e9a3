"""What the mobility page and the host company's page show of signed links."""

from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import ValidationError
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.hosts.models import HostCompany
from wegwijzer.links import services
from wegwijzer.links.forms import (
    AnswerForm,
    ConsentForm,
    EvaluationForm,
    MidtermForm,
    SupervisionForm,
)
from wegwijzer.links.models import ITEM_KEYS, LinkState, Purpose, SignedLink
from wegwijzer.mobilities.models import ChecklistItem, Mobility
from wegwijzer.students.models import Guardian

ANSWER_FORMS: dict[str, type[AnswerForm]] = {
    Purpose.GUARDIAN_CONSENT: ConsentForm,
    Purpose.HOST_AGREEMENT: SupervisionForm,
    Purpose.HOST_EVALUATION: EvaluationForm,
    Purpose.HOST_MIDTERM: MidtermForm,
}


@dataclass
class LinkRow:
    link: SignedLink
    state: str
    state_label: str
    answers: list[tuple[str, str]]
    may_revoke: bool
    may_resend: bool


@dataclass
class SendOption:
    purpose: str
    label: str
    reason: str
    recipients: list[Guardian] = field(default_factory=list)
    recipient: str = ""


@dataclass
class LinksPanel:
    rows: list[LinkRow]
    options: list[SendOption]
    days: int = field(default_factory=lambda: settings.SIGNED_LINK_DAYS)


# A guardian's free-text remark may hold medical details (access.can_see_sensitive).
SENSITIVE_ANSWERS: dict[str, frozenset[str]] = {Purpose.GUARDIAN_CONSENT: frozenset({"remarks"})}


def answer_rows(link: SignedLink, *, sensitive: bool = False) -> list[tuple[str, str]]:
    """The answers given through a link as (question, answer), in the reader's language;
    without those that may hold medical details unless the reader may see `sensitive` ones."""
    form = ANSWER_FORMS[link.purpose]()
    hidden = frozenset[str]() if sensitive else SENSITIVE_ANSWERS.get(link.purpose, frozenset())
    rows = []
    for name, value in link.answers.items():
        form_field = form.fields.get(name)
        if form_field is None or value in ("", None) or name in hidden:
            continue
        choices = {str(key): str(label) for key, label in getattr(form_field, "choices", [])}
        shown = choices.get(str(value), str(value))
        if isinstance(value, bool):
            shown = "✓" if value else "—"
        rows.append((str(form_field.label), shown))
    return rows


def links_panel(user: User, mobility: Mobility, items: list[ChecklistItem]) -> LinksPanel | None:
    """The links section of the mobility page, for whoever may send links; else None.

    Reads the links and the guardians in one query each, whatever their number.
    """
    # An agreement's links are sent with the agreement and shown with it (agreements.panel).
    purposes = [
        p for p in Purpose if p != Purpose.AGREEMENT and access.can_send_link(user, mobility, p)
    ]
    if not purposes:
        return None
    links = list(
        mobility.signed_links.filter(purpose__in=purposes).select_related(
            "created_by", "revoked_by"
        )
    )
    by_key = {item.template_item.key: item for item in items}
    latest = {}
    for link in reversed(links):
        latest[link.purpose] = link
    sensitive = access.can_see_sensitive(user, mobility.student)
    rows = [_row(link, mobility, latest[link.purpose] is link, sensitive) for link in links]
    guardians = [g for g in mobility.student.guardians.all() if g.email]
    options = [
        _option(mobility, purpose, by_key.get(ITEM_KEYS[purpose] or ""), links, guardians)
        for purpose in purposes
    ]
    return LinksPanel(rows=rows, options=options)


def _row(link: SignedLink, mobility: Mobility, is_latest: bool, sensitive: bool) -> LinkRow:
    state = link.state(timezone.now())
    return LinkRow(
        link=link,
        state=state,
        state_label=str(LinkState(state).label),
        answers=answer_rows(link, sensitive=sensitive) if state == LinkState.ANSWERED else [],
        may_revoke=state in services.ACTIVE,
        may_resend=mobility.is_open and is_latest and state != LinkState.ANSWERED,
    )


def _option(
    mobility: Mobility,
    purpose: str,
    item: ChecklistItem | None,
    links: list[SignedLink],
    guardians: list[Guardian],
) -> SendOption:
    option = SendOption(
        purpose=purpose,
        label=str(Purpose(purpose).label),
        reason=services.why_not_sendable(mobility, purpose, item, links),
    )
    if option.reason:
        return option
    if purpose == Purpose.GUARDIAN_CONSENT:
        option.recipients = guardians
        if not guardians:
            option.reason = _(
                "None of the student's guardians has an e-mail address. "
                "Add one on the student's page first."
            )
        return option
    try:
        name, email = services.recipient(mobility, purpose, None)
    except ValidationError as refused:
        option.reason = " ".join(refused.messages)
    else:
        option.recipient = f"{name} ({email})" if name else email
    return option


@dataclass
class EvaluationRow:
    link: SignedLink
    answers: list[tuple[str, str]]


def host_evaluations(
    host: HostCompany, mobilities: QuerySet[Mobility] | None = None, *, limit: int = 20
) -> list[EvaluationRow]:
    """The evaluations and mid-term feedback a host company gave through links, newest
    first: its memory. Only those of `mobilities` (the stays the reader may see) when given;
    at most `limit`, in two queries whatever their number."""
    links = SignedLink.objects.filter(
        host_company=host,
        purpose__in=[Purpose.HOST_EVALUATION, Purpose.HOST_MIDTERM],
        used_at__isnull=False,
    ).select_related("mobility__student")
    if mobilities is not None:
        links = links.filter(mobility__in=mobilities.values("pk"))
    return [EvaluationRow(link, answer_rows(link)) for link in links.order_by("-used_at")[:limit]]
