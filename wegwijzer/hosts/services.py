"""Everything that changes a host company. Each change is one transaction and one audit entry."""

from collections.abc import Iterable
from typing import Any

from django.db import transaction

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import changed_fields, record
from wegwijzer.hosts.models import HostCompany
from wegwijzer.programmes.models import Programme


@transaction.atomic
def create_host(*, by: User, recognised_for: Iterable[Programme] = (), **facts: Any) -> HostCompany:
    """Add a host company, with the programmes it is recognised for."""
    host = HostCompany.objects.create(**facts)
    host.recognised_for.set(recognised_for)
    record(by=by, action=Action.CREATE, obj=host)
    return host


@transaction.atomic
def update_host(host: HostCompany, *, by: User, changes: dict[str, Any]) -> HostCompany:
    """Change a host company's facts; `recognised_for` replaces its list of programmes."""
    stored = HostCompany.objects.select_for_update().get(pk=host.pk)
    facts = {name: value for name, value in changes.items() if name != "recognised_for"}
    diff = changed_fields(stored, facts)
    for name in diff:
        setattr(stored, name, facts[name])
    if diff:
        stored.save(update_fields=list(diff))
    if "recognised_for" in changes:
        diff |= _set_recognised_for(stored, changes["recognised_for"])
    if diff:
        record(by=by, action=Action.CHANGE, obj=stored, changes=diff)
    return stored


def _set_recognised_for(
    host: HostCompany, programmes: Iterable[Programme]
) -> dict[str, tuple[Any, Any]]:
    before, after = set(host.recognised_for.all()), set(programmes)
    if before == after:
        return {}
    host.recognised_for.set(after)
    return {"recognised_for": (_names(before), _names(after))}


def _names(programmes: set[Programme]) -> str:
    return ", ".join(sorted(str(programme) for programme in programmes))
