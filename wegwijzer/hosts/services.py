"""Everything that changes a host company. Each change is one transaction and one audit entry."""

import datetime
from typing import Any

from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext_lazy as _

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import changed_fields, record
from wegwijzer.hosts import hooks
from wegwijzer.hosts.models import HostCompany, HostContact, HostRecognition, HostReview
from wegwijzer.programmes.models import Programme

STALE = _(
    "Someone changed this since you opened the page (or the form was sent twice). "
    "Nothing was changed; look again and try once more."
)


class StaleHostError(ValidationError):
    """The contact or review changed since the form was made: nothing is changed."""


@transaction.atomic
def create_host(*, by: User, **facts: Any) -> HostCompany:
    """Add a host company."""
    host = HostCompany.objects.create(**facts)
    record(by=by, action=Action.CREATE, obj=host)
    return host


@transaction.atomic
def update_host(
    host: HostCompany, *, by: User | None, changes: dict[str, Any], actor_label: str = ""
) -> HostCompany:
    """Change a host company's facts. `by` is None for a host answering through a link,
    named by `actor_label`."""
    stored = HostCompany.objects.select_for_update().get(pk=host.pk)
    diff = changed_fields(stored, changes)
    for name in diff:
        setattr(stored, name, changes[name])
    if diff:
        stored.save(update_fields=list(diff))
        record(by=by, action=Action.CHANGE, obj=stored, changes=diff, actor_label=actor_label)
        hooks.host_changed(stored)
    return stored


# Contacts


@transaction.atomic
def add_contact(
    host: HostCompany, *, by: User | None, actor_label: str = "", **facts: Any
) -> HostContact:
    contact = HostContact.objects.create(host=host, **facts)
    record(
        by=by, action=Action.CREATE, obj=contact, actor_label=actor_label,
        changes={name: ("", value) for name, value in facts.items() if value},
    )  # fmt: skip
    return contact


@transaction.atomic
def update_contact(
    contact: HostContact, *, by: User, version: int | None, changes: dict[str, Any]
) -> HostContact:
    stored = HostContact.objects.select_for_update().get(pk=contact.pk)
    if version is not None and stored.version != version:
        raise StaleHostError(STALE)
    diff = changed_fields(stored, changes)
    for name in diff:
        setattr(stored, name, changes[name])
    if diff:
        stored.version += 1
        stored.save(update_fields=[*diff, "version"])
        record(by=by, action=Action.CHANGE, obj=stored, changes=diff)
    return stored


@transaction.atomic
def remove_contact(contact: HostContact, *, by: User) -> None:
    record(by=by, action=Action.DELETE, obj=contact)
    HostContact.objects.filter(pk=contact.pk).delete()


def keep_trainer(
    host: HostCompany, *, name: str, email: str, role: str, actor_label: str
) -> HostContact | None:
    """Keep the practical trainer a host named as one of its contacts, once: a contact
    with the same e-mail address (or, without one, the same name) is kept as it is."""
    name, email = name.strip(), email.strip()
    if not name:
        return None
    contacts = host.contacts.all()
    same = contacts.filter(email__iexact=email).first() if email else None
    same = same or contacts.filter(name__iexact=name).first()
    if same is not None:
        return same
    if host.contact_name.casefold() == name.casefold() or (
        email and host.contact_email.casefold() == email.casefold()
    ):
        return None  # the main contact
    return add_contact(
        host, by=None, actor_label=actor_label, name=name, email=email, role=role, phone=""
    )


# Recognitions


@transaction.atomic
def add_recognition(
    host: HostCompany,
    *,
    by: User,
    programme: Programme,
    sbb_number: str = "",
    valid_until: datetime.date | None = None,
) -> HostRecognition:
    if host.recognitions.filter(programme=programme).exists():
        raise ValidationError(_("The company is recognised for this programme already."))
    recognition = HostRecognition.objects.create(
        host=host, programme=programme, sbb_number=sbb_number, valid_until=valid_until
    )
    record(
        by=by, action=Action.CREATE, obj=recognition,
        changes={
            "host": ("", str(host)), "sbb_number": ("", sbb_number),
            "valid_until": ("", valid_until or ""),
        },
    )  # fmt: skip
    return recognition


@transaction.atomic
def remove_recognition(recognition: HostRecognition, *, by: User) -> None:
    record(
        by=by, action=Action.DELETE, obj=recognition,
        changes={"host": (str(recognition.host), "")},
    )  # fmt: skip
    HostRecognition.objects.filter(pk=recognition.pk).delete()


# The student's review


@transaction.atomic
def save_review(
    *, by: User, mobility: Any, version: int | None, rating: int, recommends: bool, comment: str
) -> HostReview:
    """The student's view of the host company of their stay: made once, then changed."""
    stored = HostReview.objects.select_for_update().filter(mobility=mobility).first()
    facts = {"rating": rating, "recommends": recommends, "comment": comment}
    if stored is None:
        if version:
            raise StaleHostError(STALE)
        review = HostReview.objects.create(
            mobility=mobility, host=mobility.host_company, written_by=by, **facts
        )
        record(
            by=by, action=Action.CREATE, obj=review, mobility=mobility,
            student=mobility.student, changes={k: ("", v) for k, v in facts.items()},
        )  # fmt: skip
        return review
    if version is None or stored.version != version:
        raise StaleHostError(STALE)
    diff = changed_fields(stored, facts)
    for name in diff:
        setattr(stored, name, facts[name])
    if diff:
        stored.version += 1
        stored.written_by = by
        stored.save()
        record(
            by=by, action=Action.CHANGE, obj=stored, mobility=mobility,
            student=mobility.student, changes=diff,
        )  # fmt: skip
    return stored
