"""What the mobility page shows of a stay's agreements: per kind the latest version, each
party's place, what is missing before it can be sent, and the downloads."""

from dataclasses import dataclass, field

from django.db.models import prefetch_related_objects
from django.urls import NoReverseMatch, reverse

from wegwijzer import access
from wegwijzer.accounts.models import User
from wegwijzer.agreements import signing
from wegwijzer.agreements.models import Agreement, AgreementState, Kind, Signature
from wegwijzer.mobilities.models import Mobility


@dataclass
class Place:
    signature: Signature
    state: str  # "signed", "refused", "waiting"
    sign_url: str = ""


@dataclass
class KindRow:
    kind: str
    label: str
    latest: Agreement | None
    places: list[Place] = field(default_factory=list)
    older: list[Agreement] = field(default_factory=list)
    missing: list[str] = field(default_factory=list)
    may_send: bool = False


@dataclass
class AgreementsPanel:
    rows: list[KindRow]
    terms_url: str = ""
    # The coordinator words the school's agreements and sets who reads them.
    school_links: bool = False


def agreements_panel(user: User, mobility: Mobility) -> AgreementsPanel | None:
    """The agreements section, for whoever may read the stay's agreements; else None.

    Two queries whatever the number of versions: the versions (without their PDFs) and
    their places; for a coordinator who may send, two more for what each kind still misses
    (the learning goals and the guardians, read once for every kind, and kept on the stay
    for the learning section of the same page).
    """
    if not access.can_read_agreements(user, mobility):
        return None
    versions = list(
        Agreement.objects.filter(mobility=mobility)
        .defer("pdf", "signed_pdf", "facts")
        .order_by("kind", "-number")
    )
    places: dict[int, list[Signature]] = {}
    latest_ids: dict[str, int] = {}
    for agreement in versions:
        latest_ids.setdefault(agreement.kind, agreement.pk)
    for signature in Signature.objects.filter(agreement_id__in=latest_ids.values()).defer("pdf"):
        places.setdefault(signature.agreement_id, []).append(signature)
    may_send = access.can_send_agreements(user) and mobility.is_open
    if may_send:
        prefetch_related_objects([mobility], "learning_goals", "student__guardians")
    rows = []
    for kind in signing.kinds_for(mobility):
        of_kind = [a for a in versions if a.kind == kind]
        latest = of_kind[0] if of_kind else None
        row = KindRow(kind=kind, label=str(Kind(kind).label), latest=latest, older=of_kind[1:])
        if latest is not None:
            row.places = [_place(user, s, latest) for s in places.get(latest.pk, [])]
        resend = latest is None or latest.state != AgreementState.COMPLETE
        if may_send and resend:
            row.missing = signing.missing(mobility, kind)
            row.may_send = True
        rows.append(row)
    return AgreementsPanel(
        rows=rows, terms_url=_terms_url(mobility), school_links=access.can_send_agreements(user)
    )


def _place(user: User, signature: Signature, agreement: Agreement) -> Place:
    if signature.signed_at:
        state = "signed"
    elif signature.refused_at:
        state = "refused"
    else:
        state = "waiting"
    sign_url = ""
    if (
        state == "waiting"
        and agreement.state == AgreementState.SIGNING
        and access.may_sign(user, signature)
    ):
        sign_url = reverse("agreements:sign", args=[signature.public_id])
    return Place(signature=signature, state=state, sign_url=sign_url)


def _terms_url(mobility: Mobility) -> str:
    """The stay's terms page (made by the documents part of issue 18) when it exists."""
    try:
        return reverse("agreements:terms", kwargs={"public_id": mobility.public_id})
    except NoReverseMatch:
        return ""
