"""What apps above hosts keep from a host company's facts, told when they change.

Hosts may not import those apps (dependencies point down), so an app that copies a host
company's facts into something (the agreements app: an agreement names the company and
its contact) registers a function here in its AppConfig.ready; update_host calls every
registered function in the same transaction, after the company's new facts are saved.
"""

from collections.abc import Callable
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from wegwijzer.hosts.models import HostCompany

Hook = Callable[["HostCompany"], object]
_when_host_changes: list[Hook] = []


def when_host_changes(hook: Hook) -> None:
    if hook not in _when_host_changes:
        _when_host_changes.append(hook)


def host_changed(host: "HostCompany") -> None:
    for hook in _when_host_changes:
        hook(host)
