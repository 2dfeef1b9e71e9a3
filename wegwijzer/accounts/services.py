"""Everything that changes an account: invite, deactivate, reactivate, change the role,
reset two-factor.

Each function takes the acting coordinator as `by`, runs in one transaction and leaves an
entry in the audit trail with the values before and after. A refused change raises
AccountRefused with a message for the user and changes nothing.
"""

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop

from wegwijzer.accounts import two_factor
from wegwijzer.accounts.models import Role, User
from wegwijzer.audit.models import Action
from wegwijzer.audit.services import changed_fields, record
from wegwijzer.core.tasks import enqueue_on_commit
from wegwijzer.students.models import Student

STAFF_ROLES = frozenset({Role.COORDINATOR, Role.SUPERVISOR, Role.MENTOR})


class AccountRefused(Exception):
    """A change that may not be made; the message says why, in the user's language."""


@transaction.atomic
def invite_user(
    *,
    by: User,
    first_name: str,
    last_name: str,
    email: str,
    role: str,
    student: Student | None = None,
    link: dict[str, Any],
) -> User:
    """Make an account without a password and mail a link to choose one.

    The e-mail address is the username. A student account belongs to one Student record.
    `link` says where the link points: domain, use_https and language.
    """
    email = email.strip().lower()
    if (role == Role.STUDENT) != (student is not None):
        raise AccountRefused(_("A student account belongs to exactly one student."))
    user = User(username=email, email=email, first_name=first_name, last_name=last_name, role=role)
    user.set_unusable_password()
    user.save()
    facts = {"username": email, "email": email, "first_name": first_name,
             "last_name": last_name, "role": role, "is_active": True}  # fmt: skip
    record(
        by=by,
        action=Action.CREATE,
        obj=user,
        student=student,
        changes={field: (None, value) for field, value in facts.items()},
    )
    if student is not None:
        _link_student(student, user, by=by)
    _enqueue_invitation(user, link)
    return user


def resend_invitation(user: User, *, by: User, link: dict[str, Any]) -> None:
    """Mail the link to choose a password again, for an account that has none yet."""
    if not user.is_active:
        raise AccountRefused(_("This account is deactivated: reactivate it first."))
    if user.has_usable_password():
        raise AccountRefused(_("This account has chosen a password already."))
    record(by=by, action=Action.CHANGE, obj=user, note=gettext_noop("invitation sent again"))
    _enqueue_invitation(user, link)


@transaction.atomic
def deactivate_user(user: User, *, by: User) -> User:
    """Stop an account from logging in; it stays, with everything it did."""
    if user.pk == by.pk:
        raise AccountRefused(_("You cannot deactivate your own account."))
    return _change(user, by=by, changes={"is_active": False})


@transaction.atomic
def reactivate_user(user: User, *, by: User) -> User:
    return _change(user, by=by, changes={"is_active": True})


@transaction.atomic
def change_role(user: User, *, by: User, role: str) -> User:
    """Move a staff member to another staff role. Students stay students: their account
    belongs to a student record, and staff never become one."""
    if user.pk == by.pk:
        raise AccountRefused(_("You cannot change your own role."))
    if user.role not in STAFF_ROLES or role not in STAFF_ROLES:
        raise AccountRefused(_("Only a staff member's role can change, to another staff role."))
    return _change(user, by=by, changes={"role": role})


@transaction.atomic
def change_phone(user: User, *, by: User, phone: str) -> User:
    """A staff member's work phone; the emergency card prints their stays' supervisor's."""
    return _change(user, by=by, changes={"phone": phone})


@transaction.atomic
def reset_two_factor(user: User, *, by: User) -> None:
    """Remove someone's authenticator app and recovery codes, e.g. after a lost phone.
    Your own goes through the two-factor page, which asks for your password."""
    if user.pk == by.pk:
        raise AccountRefused(_("Turn off your own two-factor on the two-factor page."))
    if not two_factor.turn_off(user, by=by):
        raise AccountRefused(_("This account has no two-factor authentication to reset."))


def _change(user: User, *, by: User, changes: dict[str, Any]) -> User:
    stored = User.objects.select_for_update().get(pk=user.pk)
    diff = changed_fields(stored, changes)
    if diff:
        for name in diff:
            setattr(stored, name, changes[name])
        stored.save(update_fields=list(diff))
        record(by=by, action=Action.CHANGE, obj=stored, changes=diff)
    return stored


def _link_student(student: Student, user: User, *, by: User) -> None:
    stored = Student.objects.select_for_update().get(pk=student.pk)
    if stored.user_id is not None:
        raise AccountRefused(_("This student has an account already."))
    stored.user = user
    stored.save(update_fields=["user"])
    record(by=by, action=Action.CHANGE, obj=stored, student=stored,
           changes={"user": (None, user.username)})  # fmt: skip


def _enqueue_invitation(user: User, link: dict[str, Any]) -> None:
    enqueue_on_commit("wegwijzer.accounts.tasks.send_invitation", user_id=user.pk, **link)
