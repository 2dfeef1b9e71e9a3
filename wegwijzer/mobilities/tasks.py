"""Background work on stays: bringing checklists in line with a changed template.

The programmes app asks for it by the task's path (programmes.services.sync_programme_later),
so programmes, which mobilities builds on, never imports mobilities.
"""

from django.db import transaction
from django.tasks import task

from wegwijzer.accounts.models import User
from wegwijzer.mobilities.models import Mobility
from wegwijzer.mobilities.services import sync_checklist


@task
def sync_programme_checklists(*, programme_id: int, by_id: int | None = None) -> None:
    """Bring the checklist of each open mobility of a programme in line with its template.

    Runs after a coordinator changed the template; the audit trail names them as the cause.
    """
    by = User.objects.filter(pk=by_id).first() if by_id else None
    mobilities = Mobility.objects.in_progress().filter(student__programme_id=programme_id)
    for mobility in mobilities.select_related("student__programme"):
        # One short transaction per mobility: a school-wide one would keep writers waiting.
        with transaction.atomic():
            sync_checklist(mobility, by=by)
