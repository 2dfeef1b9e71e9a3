"""Everything that changes an experience or an ambassador. Each function takes the acting
user as `by`, runs in one transaction and leaves an entry in the audit trail; the views
have checked the gates of access.py first."""

import datetime

from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.db import transaction
from django.db.models import F
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijzer.accounts.models import User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import record
from wegwijzer.experiences.models import Ambassador, Experience
from wegwijzer.mobilities import services as mobility_services
from wegwijzer.mobilities.models import ItemStatus, Mobility

# The checklist items these settle, when they are still open.
EXPERIENCES_ITEM = "abroad-experiences"
AMBASSADOR_ITEM = "back-ambassador"

STALE = gettext_lazy("This changed since this page was shown. Check its new state and try again.")


class StaleError(ValidationError):
    """The row changed since the form that tries to change it was shown."""


def _settle(mobility: Mobility, key: str, *, by: User, today: datetime.date) -> None:
    """Mark the stay's item done (an open stay, an open, applicable item), as the student
    would have on the checklist."""
    if not mobility.is_open:
        return
    item = mobility.items.filter(
        template_item__key=key, applicable=True, status=ItemStatus.OPEN
    ).first()
    if item is not None:
        mobility_services.complete_item(item, by=by, version=item.version, done_on=today)


# Experiences


@transaction.atomic
def post_experience(
    *,
    by: User,
    mobility: Mobility,
    text: str,
    consent: bool,
    photo: UploadedFile | None = None,
    photo_type: str = "",
) -> Experience:
    """A student's post; the photo must have passed experiences.forms' checks."""
    if not text.strip():
        raise ValidationError(_("Write something about your stay."))
    experience = Experience(mobility=mobility, text=text.strip(), consent=consent)
    if photo is not None:
        experience.photo_type = photo_type
        experience.photo.save(photo.name or "photo", photo, save=False)
    try:
        experience.save()
        record(
            by=by, action=Action.CREATE, obj=experience, mobility=mobility,
            student=mobility.student, changes={"consent": ("", str(consent))},
        )  # fmt: skip
        _settle(mobility, EXPERIENCES_ITEM, by=by, today=timezone.localdate())
    except Exception:
        # The photo is on disk before the row exists: take it away again if the row fails.
        if experience.photo:
            experience.photo.delete(save=False)
        raise
    return experience


def _change(experience: Experience, *, version: int, **values: object) -> Experience:
    updated = Experience.objects.filter(pk=experience.pk, version=version).update(
        **values, version=F("version") + 1
    )
    if not updated:
        raise StaleError(STALE)
    experience.refresh_from_db()
    return experience


@transaction.atomic
def set_consent(experience: Experience, *, by: User, version: int, consent: bool) -> Experience:
    """The student's consent to share. Withdrawn, the post is no longer shared, at once;
    given again, the coordinator decides anew."""
    before = (experience.consent, experience.shared)
    values: dict[str, object] = {"consent": consent}
    if not consent:
        values.update(shared=False, shared_by=None, shared_at=None)
    changed = _change(experience, version=version, **values)
    mobility = changed.mobility
    record(
        by=by, action=Action.CHANGE, obj=changed, mobility=mobility, student=mobility.student,
        changes={"consent": (str(before[0]), str(consent)),
                 **({"shared": (str(before[1]), "False")} if before[1] and not consent else {})},
    )  # fmt: skip
    return changed


@transaction.atomic
def set_shared(experience: Experience, *, by: User, version: int, shared: bool) -> Experience:
    """The coordinator marks a post shareable (or no longer); only with the student's consent."""
    stored = Experience.objects.select_for_update().get(pk=experience.pk)
    if stored.version != version:
        raise StaleError(STALE)
    if shared and not stored.consent:
        raise ValidationError(_("The student has not agreed to share this experience."))
    changed = _change(
        stored, version=version, shared=shared, shared_by=by if shared else None,
        shared_at=timezone.now() if shared else None,
    )  # fmt: skip
    mobility = changed.mobility
    record(
        by=by, action=Action.CHANGE, obj=changed, mobility=mobility, student=mobility.student,
        changes={"shared": (str(not shared), str(shared))},
    )  # fmt: skip
    return changed


def record_photo_view(experience: Experience, *, by: User) -> None:
    """A photo of a stay that is not shared is personal: each view by someone else is in
    the trail, as a document's download is."""
    mobility = experience.mobility
    if experience.is_shared or mobility.student.user_id == by.pk:
        return
    record(by=by, action=Action.VIEW, obj=experience, mobility=mobility, student=mobility.student)


# Ambassadors


@transaction.atomic
def become_ambassador(
    *, by: User, mobility: Mobility, contact: str, share_contact: bool
) -> Ambassador:
    """Opt in (or change the details): the pool shows the ambassador from now on."""
    if not contact.strip():
        raise ValidationError(_("Say how other students can reach you."))
    existing = Ambassador.objects.select_for_update().filter(mobility=mobility).first()
    if existing is None:
        ambassador = Ambassador.objects.create(
            mobility=mobility, contact=contact.strip(), share_contact=share_contact
        )
        record(
            by=by, action=Action.CREATE, obj=ambassador, mobility=mobility,
            student=mobility.student, changes={"share_contact": ("", str(share_contact))},
        )  # fmt: skip
        _settle(mobility, AMBASSADOR_ITEM, by=by, today=timezone.localdate())
        return ambassador
    raise ValidationError(_("You are an ambassador already."))


@transaction.atomic
def change_ambassador(
    ambassador: Ambassador, *, by: User, version: int, contact: str, share_contact: bool
) -> Ambassador:
    if not contact.strip():
        raise ValidationError(_("Say how other students can reach you."))
    before = Ambassador.objects.filter(pk=ambassador.pk).values("contact", "share_contact").first()
    updated = Ambassador.objects.filter(pk=ambassador.pk, version=version).update(
        contact=contact.strip(), share_contact=share_contact, version=F("version") + 1,
        updated_at=timezone.now(),
    )  # fmt: skip
    if not updated:
        raise StaleError(STALE)
    ambassador.refresh_from_db()
    mobility = ambassador.mobility
    changes: dict[str, tuple[str, str]] = {}
    for field in ("contact", "share_contact"):
        if before and before[field] != getattr(ambassador, field):
            changes[field] = (str(before[field]), str(getattr(ambassador, field)))
    record(
        by=by, action=Action.CHANGE, obj=ambassador, mobility=mobility,
        student=mobility.student, changes=changes,
    )  # fmt: skip
    return ambassador


@transaction.atomic
def stop_being_ambassador(ambassador: Ambassador, *, by: User, version: int) -> None:
    """Opt out: out of the pool at once, with the contact details."""
    deleted, _rows = Ambassador.objects.filter(pk=ambassador.pk, version=version).delete()
    if not deleted:
        raise StaleError(STALE)
    mobility = ambassador.mobility
    record(by=by, action=Action.DELETE, obj=ambassador, mobility=mobility, student=mobility.student)
