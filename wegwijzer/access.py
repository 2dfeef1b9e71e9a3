"""Every "may this user see or change this?" rule of Wegwijzer, in one place.

Views, lists, searches, exports and downloads get their objects through these querysets
and gates only. An object a user may not see answers 404, as if it did not exist.
Each role's rule is on its own line.
"""

from uuid import UUID

from django.conf import settings
from django.core.exceptions import PermissionDenied
from django.db.models import Q, QuerySet
from django.shortcuts import get_object_or_404

from wegwijzer.accounts.models import Role, User
from wegwijzer.agreements.models import AgreementSettings, Party, Signature
from wegwijzer.audit.models import AuditEntry
from wegwijzer.budgets.models import BudgetLine
from wegwijzer.care.models import Incident, IncidentQuerySet, RollCall, RollCallEntry
from wegwijzer.documents.models import Document
from wegwijzer.europass.models import EuropassMobility
from wegwijzer.experiences.models import Ambassador, Experience, ExperienceQuerySet
from wegwijzer.funding.models import GrantAgreement, MobilityGrant, ParticipantLayout, Payment
from wegwijzer.groups.models import GroupStay
from wegwijzer.hosts.models import HostCompany, HostContact, HostRecognition
from wegwijzer.imports.models import ImportRun
from wegwijzer.learning.models import LearningGoal
from wegwijzer.links.models import HOST_PURPOSES, SignedLink
from wegwijzer.mobilities.models import (
    NEVER_WENT,
    ChecklistItem,
    ItemStatus,
    Mobility,
    MobilityQuerySet,
)
from wegwijzer.notifications.models import Notification, OutboxMessage
from wegwijzer.programmes.models import Checker, Owner, Programme, Step, TemplateItem
from wegwijzer.students.models import Student, StudentQuerySet
from wegwijzer.travel.models import AlertRecipient, Country

# Which checklist owners each role acts for. Guardians and hosts have no account: the
# supervisor records what the host did, the coordinator what a guardian did.
ACTS_FOR: dict[str, set[str]] = {
    Role.COORDINATOR: {owner.value for owner in Owner},
    Role.SUPERVISOR: {Owner.SUPERVISOR, Owner.HOST},
    Role.MENTOR: {Owner.MENTOR},
    Role.STUDENT: {Owner.STUDENT},
}


# What a user may see


def visible_mobilities(user: User) -> MobilityQuerySet:
    mobilities = Mobility.objects.all()
    if user.role == Role.COORDINATOR:
        return mobilities
    if user.role == Role.SUPERVISOR:
        return mobilities.filter(supervisor=user)
    if user.role == Role.MENTOR:
        return mobilities.filter(student__mentor=user)
    if user.role == Role.STUDENT:
        return mobilities.filter(student__user=user)
    return mobilities.none()


def visible_students(user: User) -> StudentQuerySet:
    students = Student.objects.all()
    if user.role == Role.COORDINATOR:
        return students
    if user.role == Role.SUPERVISOR:
        return students.filter(pk__in=Mobility.objects.filter(supervisor=user).values("student"))
    if user.role == Role.MENTOR:
        return students.filter(mentor=user)
    if user.role == Role.STUDENT:
        return students.filter(user=user)
    return students.none()


def visible_documents(user: User) -> QuerySet[Document]:
    return Document.objects.filter(mobility__in=visible_mobilities(user))


def mobility_for(user: User, public_id: UUID | str) -> Mobility:
    return get_object_or_404(
        visible_mobilities(user).select_related(
            "student__programme", "host_company", "supervisor", "group"
        ),
        public_id=public_id,
    )


def student_for(user: User, public_id: UUID | str) -> Student:
    return get_object_or_404(visible_students(user), public_id=public_id)


def item_for(user: User, public_id: UUID | str) -> ChecklistItem:
    return get_object_or_404(
        ChecklistItem.objects.filter(mobility__in=visible_mobilities(user)).select_related(
            "mobility__student"
        ),
        public_id=public_id,
    )


def document_for(user: User, public_id: UUID | str) -> Document:
    return get_object_or_404(visible_documents(user), public_id=public_id)


def link_for(user: User, public_id: UUID | str) -> SignedLink:
    """A signed link of a mobility the user may see; whether they may manage it is
    can_send_link's question."""
    return get_object_or_404(
        SignedLink.objects.filter(mobility__in=visible_mobilities(user)).select_related(
            "mobility__student", "guardian"
        ),
        public_id=public_id,
    )


# Duty of care (care app). Incidents may hold medical, legal and family details: the
# coordinator sees all, the supervisor those of their own students' stays (they act on
# them). The mentor and the student do not; the coordinator tells them what they need.


def visible_incidents(user: User) -> IncidentQuerySet:
    incidents = Incident.objects.all()
    if user.role == Role.COORDINATOR:
        return incidents
    if user.role == Role.SUPERVISOR:
        return incidents.filter(mobility__supervisor=user)
    return incidents.none()


def incident_for(user: User, public_id: UUID | str) -> Incident:
    return get_object_or_404(
        visible_incidents(user).select_related("mobility__student", "mobility__supervisor"),
        public_id=public_id,
    )


def can_see_incidents(user: User, mobility: Mobility) -> bool:
    """The incidents of a mobility the user may see, and their entries in its history."""
    return _coordinator_or_its_supervisor(user, mobility)


def visible_history(user: User, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    """A mobility's or student's history as the user may see it: without the incidents, the
    grant and payments, and the budget they may not see."""
    entries = without_hidden_incidents(user, entries)
    return without_hidden_budgets(user, without_hidden_funding(user, entries))


def without_hidden_incidents(user: User, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    """A history without the entries of incidents the user may not see: their changes
    would show what happened through the back door."""
    incident = Q(object_type=Incident._meta.label_lower)
    if user.role == Role.COORDINATOR:
        return entries
    if user.role == Role.SUPERVISOR:
        return entries.exclude(incident & ~Q(mobility__supervisor=user))
    return entries.exclude(incident)


def without_hidden_funding(user: User, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    """A history without the grant's and payments' entries for those who may not see the
    grant (can_see_grant): their amounts would show the school's money through the back
    door. The student sees what they receive on their home page instead."""
    funding = Q(object_type__in=[MobilityGrant._meta.label_lower, Payment._meta.label_lower])
    if user.role == Role.COORDINATOR:
        return entries
    if user.role == Role.SUPERVISOR:
        return entries.exclude(funding & ~Q(mobility__supervisor=user))
    return entries.exclude(funding)


def can_see_grant(user: User, mobility: Mobility) -> bool:
    """A mobility's Erasmus+ grant line by line: the school's money, so the coordinator and
    the stay's supervisor; what the student receives depends on the school's grant policy."""
    return _coordinator_or_its_supervisor(user, mobility)


def _coordinator_or_its_supervisor(user: User, mobility: Mobility) -> bool:
    """The coordinator, or the stay's own supervisor: those who run the stay."""
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.SUPERVISOR:
        return mobility.supervisor_id == user.pk
    return False


def _one_of_the_stays_people(user: User, mobility: Mobility) -> bool:
    """Whoever sees the stay: the coordinator, its supervisor, the student's mentor and the
    student themself (visible_mobilities, for one stay)."""
    if _coordinator_or_its_supervisor(user, mobility):
        return True
    if user.role == Role.MENTOR:
        return mobility.student.mentor_id == user.pk
    if user.role == Role.STUDENT:
        return mobility.student.user_id == user.pk
    return False


def _the_stays_own_people(user: User, mobility: Mobility) -> bool:
    """The coordinator, the stay's own supervisor and the student themself."""
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.SUPERVISOR:
        return mobility.supervisor_id == user.pk
    if user.role == Role.STUDENT:
        return mobility.student.user_id == user.pk
    return False


def can_see_budget(user: User, mobility: Mobility) -> bool:
    """The student's budget (costs, savings, student finance): the coordinator, the stay's
    supervisor (the issue names both: they check the plan is affordable) and the student
    themself. Not the mentor: the issue does not name them, and a student's money is not
    theirs to know for mentoring; the student or the coordinator tells them what matters."""
    return _the_stays_own_people(user, mobility)


def can_see_student_payments(user: User, mobility: Mobility) -> bool:
    """What the student receives of the grant and when it is paid, not the school's
    breakdown: the student themself (it is their money to plan with), the coordinator and
    the stay's supervisor. Not the mentor."""
    return _the_stays_own_people(user, mobility)


def can_edit_budget(user: User, mobility: Mobility) -> bool:
    """The student makes their own budget (a checklist item of theirs); the coordinator may
    correct it with them. The supervisor reads it. A closed mobility's budget stays as it was."""
    if not mobility.is_open:
        return False
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.STUDENT:
        return mobility.student.user_id == user.pk
    return False


def without_hidden_budgets(user: User, entries: QuerySet[AuditEntry]) -> QuerySet[AuditEntry]:
    """A history without the changes to budgets the user may not see (can_see_budget): their
    amounts would show the student's money through the back door."""
    budget = Q(object_type=BudgetLine._meta.label_lower)
    if user.role == Role.COORDINATOR:
        return entries
    if user.role == Role.SUPERVISOR:
        return entries.exclude(budget & ~Q(mobility__supervisor=user))
    if user.role == Role.STUDENT:
        return entries.exclude(budget & ~Q(mobility__student__user=user))
    return entries.exclude(budget)


def can_manage_payments(user: User) -> bool:
    """The grant policy, and recording payments as paid or undoing that: the coordinator."""
    return user.role == Role.COORDINATOR


def payment_for(user: User, public_id: UUID | str) -> Payment:
    require(can_manage_payments(user))
    return get_object_or_404(
        Payment.objects.select_related("grant__mobility__student"), public_id=public_id
    )


def can_log_incident(user: User, mobility: Mobility) -> bool:
    """Log and change incidents: whoever sees them (the coordinator, the stay's supervisor)."""
    return can_see_incidents(user, mobility)


def can_run_roll_calls(user: User) -> bool:
    """Start, follow, remind and close roll calls; the incident list of the whole school."""
    return user.role == Role.COORDINATOR


def roll_call_for(user: User, public_id: UUID | str) -> RollCall:
    require(can_run_roll_calls(user))
    return get_object_or_404(RollCall, public_id=public_id)


def roll_call_entry_for(user: User, public_id: UUID | str) -> RollCallEntry:
    require(can_run_roll_calls(user))
    return get_object_or_404(
        RollCallEntry.objects.select_related("roll_call", "mobility__student"),
        public_id=public_id,
    )


def help_entries(user: User) -> QuerySet[RollCallEntry]:
    """Roll-call answers "I need help" the user is told of and may mark handled: every
    one for a coordinator, those of the stays they supervise for a supervisor."""
    entries = RollCallEntry.objects.filter(answer="help")
    if user.role == Role.COORDINATOR:
        return entries
    if user.role == Role.SUPERVISOR:
        return entries.filter(mobility__supervisor=user)
    return entries.none()


def help_entry_for(user: User, public_id: UUID | str) -> RollCallEntry:
    return get_object_or_404(
        help_entries(user).select_related("roll_call", "mobility__student"), public_id=public_id
    )


def can_undo_handled(user: User) -> bool:
    """Putting a handled call for help back on the home pages: a coordinator."""
    return user.role == Role.COORDINATOR


# The school's own records: programmes, their checklist template and host companies are
# kept by coordinators; anyone else is refused before the record is looked up.


def programme_for(user: User, public_id: UUID | str) -> Programme:
    require(can_manage_school(user))
    return get_object_or_404(Programme, public_id=public_id)


def own_template_item_for(user: User, programme: Programme, key: str) -> TemplateItem:
    require(can_manage_school(user))
    return get_object_or_404(TemplateItem, programme=programme, key=key)


def host_for(user: User, public_id: UUID | str) -> HostCompany:
    require(can_manage_school(user))
    return get_object_or_404(HostCompany, public_id=public_id)


def import_run_for(user: User, public_id: UUID | str) -> ImportRun:
    """An uploaded import (imports app): the school's records it fills are the coordinator's."""
    require(can_manage_school(user))
    return get_object_or_404(ImportRun, public_id=public_id)


# The school's Erasmus+ money: the totals of a grant agreement and its participant list are
# the coordinator's, who reports to the national agency; anyone else is refused first.


def can_see_erasmus_totals(user: User) -> bool:
    """A grant agreement's totals and the export of its participants with their grants."""
    return user.role == Role.COORDINATOR


def grant_agreement_for(user: User, public_id: UUID | str) -> GrantAgreement:
    require(can_see_erasmus_totals(user))
    return get_object_or_404(GrantAgreement, public_id=public_id)


def participant_layout_for(user: User, slug: str) -> ParticipantLayout:
    """A column layout of the participant export: read and kept by who exports it."""
    require(can_see_erasmus_totals(user))
    return get_object_or_404(ParticipantLayout, slug=slug)


# Travel advice: public facts, read by staff; a colour is set by hand by coordinators only.
# An alert is acknowledged by the person who was told of it, for themselves.


def country_for(user: User, code: str) -> Country:
    require(can_see_travel_advice(user))
    return get_object_or_404(Country, code=code.upper())


def travel_alert_for(user: User, public_id: UUID | str) -> AlertRecipient:
    return get_object_or_404(
        AlertRecipient.objects.select_related("alert__country"),
        user=user,
        alert__public_id=public_id,
    )


# Accounts: a coordinator invites, deactivates and changes the role of every account;
# anyone else is refused before an account is looked up.


def visible_accounts(user: User) -> QuerySet[User]:
    require(can_manage_accounts(user))
    return User.objects.all()


def account_for(user: User, public_id: UUID | str) -> User:
    return get_object_or_404(visible_accounts(user), public_id=public_id)


# Notifications: everyone reads and marks their own, nobody anyone else's. The outbox
# (e-mails that failed, and who cannot be reached by e-mail) is the coordinators'.


def own_notifications(user: User) -> QuerySet[Notification]:
    return Notification.objects.filter(user=user)


def notification_for(user: User, pk: int | str) -> Notification:
    return get_object_or_404(own_notifications(user), pk=pk)


def can_see_outbox(user: User) -> bool:
    return user.role == Role.COORDINATOR


def visible_outbox(user: User) -> QuerySet[OutboxMessage]:
    require(can_see_outbox(user))
    return OutboxMessage.objects.all()


# What a user may change


def can_manage_school(user: User) -> bool:
    """Programmes, templates, host companies, students and mobilities' facts."""
    return user.role == Role.COORDINATOR


def can_act_in_bulk(user: User, rows: str) -> bool:
    """Bulk actions on a list's selection (bulk app): the coordinator on the students list
    and on the stays in progress; a supervisor on their own stays. Each action then does to
    each stay only what the user may do to it (its own gate)."""
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.SUPERVISOR:
        return rows == "mobilities"
    return False


def can_manage_accounts(user: User) -> bool:
    """Invite, deactivate, reactivate, change the role of and reset two-factor of accounts."""
    return can_manage_school(user)


def can_see_travel_advice(user: User) -> bool:
    """Countries and their travel advice: staff; a student reads the ministry's own page."""
    return user.role != Role.STUDENT


def can_set_travel_colour(user: User) -> bool:
    return user.role == Role.COORDINATOR


def must_use_two_factor(user: User) -> bool:
    """Coordinators, when the school requires it (TWO_FACTOR_REQUIRED_FOR_COORDINATORS)."""
    return settings.TWO_FACTOR_REQUIRED_FOR_COORDINATORS and user.role == Role.COORDINATOR


def can_use_two_factor(user: User) -> bool:
    """Staff may protect their login with a second factor; students are not offered it."""
    return user.role != Role.STUDENT


def can_change_item(user: User, item: ChecklistItem) -> bool:
    """Mark done, reopen or attach a document: for the people the item is theirs to do."""
    return bool(ACTS_FOR.get(user.role, set()) & set(item.owners))


def can_waive_item(user: User, item: ChecklistItem) -> bool:
    """A required item is waived only by a coordinator; an optional one by its owner too."""
    if user.role == Role.COORDINATOR:
        return True
    return not item.required and can_change_item(user, item)


def can_check_item(user: User, item: ChecklistItem) -> bool:
    """Accept or send back an item someone marked done (school checks): the coordinator
    always; a supervisor an item the school has them check, on a stay they supervise."""
    if not item.checker:
        return False
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.SUPERVISOR:
        return item.checker == Checker.SUPERVISOR and item.mobility.supervisor_id == user.pk
    return False


def items_to_check(user: User) -> QuerySet[ChecklistItem]:
    """The items waiting for this user's check, as can_check_item decides for each."""
    waiting = ChecklistItem.objects.filter(status=ItemStatus.TO_CHECK, applicable=True)
    if user.role == Role.COORDINATOR:
        return waiting
    if user.role == Role.SUPERVISOR:
        return waiting.filter(checker=Checker.SUPERVISOR, mobility__supervisor=user)
    return waiting.none()


def can_decide(user: User, mobility: Mobility) -> bool:
    """The go/no-go, moving between steps and ending a mobility."""
    return user.role == Role.COORDINATOR


def can_reopen(user: User, mobility: Mobility) -> bool:
    """Reopening a closed stay (a no-go, cancelled, broken off or completed): a coordinator."""
    return user.role == Role.COORDINATOR


def can_see_sensitive(user: User, student: Student) -> bool:
    """Emergency contacts, medical notes, passport and insurance: for the coordinator, the
    student themself and the supervisor of one of their stays (who calls in an emergency).
    A mentor does not need them. The caller has already fetched the student through
    student_for, so the supervisor's stay is known to exist."""
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.SUPERVISOR:
        return student.mobilities.filter(supervisor=user).exists()
    if user.role == Role.STUDENT:
        return student.user_id == user.pk
    return False


def can_set_abroad_interest(user: User, student: Student) -> bool:
    """Whether a student thinks of going abroad (step 1): their mentor, who talks with them
    about it, and the coordinator. Not for an erased student: there is nobody to ask."""
    if student.erased_at:
        return False
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.MENTOR:
        return student.mentor_id == user.pk
    return False


def can_ask_for_stay(user: User, student: Student) -> bool:
    """Ask the coordinators to start a stay for a student: their mentor. The coordinator
    starts one (can_manage_school): the stay's host, supervisor, dates and funding are theirs."""
    if student.erased_at:
        return False
    if user.role == Role.MENTOR:
        return student.mentor_id == user.pk
    return False


def can_choose_medical_on_card(user: User, student: Student) -> bool:
    """Medical notes printed on the emergency card: the student's own consent, given by
    the student alone."""
    if user.role == Role.STUDENT:
        return student.user_id == user.pk
    return False


def can_see_whereabouts(user: User) -> bool:
    """Who is where, with everyone's contacts and insurance: the coordinator for the whole
    school, a supervisor for the students they supervise (visible_mobilities narrows the
    list to those). Mentors and students are refused."""
    if user.role == Role.COORDINATOR:
        return True
    return user.role == Role.SUPERVISOR


def can_download_emergency_card(user: User, mobility: Mobility) -> bool:
    """The emergency card holds the insurance number, so it goes to those who may see the
    student's sensitive data: the coordinator, the mobility's own supervisor (not that of
    another stay of the student) and the student themself. Not the mentor."""
    return _the_stays_own_people(user, mobility)


def can_export_or_erase(user: User) -> bool:
    """Everything held about a student, downloaded or erased: the coordinator only."""
    return user.role == Role.COORDINATOR


def can_send_link(user: User, mobility: Mobility, purpose: str) -> bool:
    """Send, revoke and re-send signed links (links app).

    A guardian's consent is the coordinator's to ask. The host company's links (the
    supervision agreements, the evaluation) also the mobility's supervisor's, who makes
    those agreements with the host and records what the host did.
    """
    if user.role == Role.COORDINATOR:
        return True
    if user.role == Role.SUPERVISOR:
        return purpose in HOST_PURPOSES and mobility.supervisor_id == user.pk
    return False


# Issue 15, learning goals and reviews, reflection, assessment. Whoever sees a stay (the
# coordinator, its supervisor, the student's mentor, the student) reads its goals, reviews,
# reflection and assessment: nothing in them is confidential. The coordinator and the
# stay's supervisor keep the goals, reviews and the assessment; the student writes the
# reflection; the mentor, the supervisor and the coordinator respond to it or reopen it.


def can_see_learning(user: User, mobility: Mobility) -> bool:
    """Goals, reviews, reflection and assessment of a stay the user may see."""
    return _one_of_the_stays_people(user, mobility)


def can_keep_goals(user: User, mobility: Mobility) -> bool:
    """Add, change and remove goals, record reviews and the assessment."""
    return _coordinator_or_its_supervisor(user, mobility)


def can_write_reflection(user: User, mobility: Mobility) -> bool:
    """The reflection is the student's own, written by nobody else."""
    if user.role == Role.STUDENT:
        return mobility.student.user_id == user.pk
    return False


def can_respond_to_reflection(user: User, mobility: Mobility) -> bool:
    """Respond to a submitted reflection, or reopen it for the student to change."""
    if user.role == Role.MENTOR:
        return mobility.student.mentor_id == user.pk
    return can_keep_goals(user, mobility)


def goal_for(user: User, public_id: UUID | str) -> LearningGoal:
    return get_object_or_404(
        LearningGoal.objects.filter(mobility__in=visible_mobilities(user)).select_related(
            "mobility__student", "mobility__supervisor"
        ),
        public_id=public_id,
    )


# Issue 15, extending a stay, experiences, ambassadors


def can_extend_stay(user: User, mobility: Mobility) -> bool:
    """A new, later planned return for a stay abroad: the coordinator, or the stay's own
    supervisor (who keeps in touch with the student and the host)."""
    return _coordinator_or_its_supervisor(user, mobility)


# Experiences and ambassadors (experiences app). A student's posts are theirs and those of
# the people who see the stay; a post the student agreed to share and the coordinator
# marked shareable is read by everyone with an account, as is the ambassador pool (which
# shows contact details only with the ambassador's consent). The coordinator shares.

SIGNED_IN_ROLES = (Role.COORDINATOR, Role.SUPERVISOR, Role.MENTOR, Role.STUDENT)


def visible_experiences(user: User) -> ExperienceQuerySet:
    """The posts of the stays the user may see (a student: their own)."""
    return Experience.objects.filter(mobility__in=visible_mobilities(user))


def shared_experiences(user: User) -> ExperienceQuerySet:
    if user.role not in SIGNED_IN_ROLES:
        return Experience.objects.none()
    return Experience.objects.shared()


def experience_for(user: User, public_id: UUID | str) -> Experience:
    """A post the user may read: of a stay they see, or shared."""
    readable = visible_experiences(user) | shared_experiences(user)
    return get_object_or_404(
        Experience.objects.filter(pk__in=readable.values("pk")).select_related("mobility__student"),
        public_id=public_id,
    )


def can_post_experience(user: User, mobility: Mobility) -> bool:
    """The student themself, during the stay or after it (step 4 on, not a stay that never
    went): what it was like is theirs to tell."""
    if user.role != Role.STUDENT or mobility.student.user_id != user.pk:
        return False
    return mobility.step >= Step.ABROAD and mobility.outcome not in NEVER_WENT


def can_change_consent(user: User, experience: Experience) -> bool:
    """Giving or withdrawing the consent to share: the student who wrote it, only."""
    return user.role == Role.STUDENT and experience.mobility.student.user_id == user.pk


def can_share_experiences(user: User) -> bool:
    """Marking posts shareable (and taking that back): the coordinator."""
    return user.role == Role.COORDINATOR


def visible_ambassadors(user: User) -> QuerySet[Ambassador]:
    if user.role not in SIGNED_IN_ROLES:
        return Ambassador.objects.none()
    return Ambassador.objects.all()


def can_be_ambassador(user: User, mobility: Mobility) -> bool:
    """Opting in (and out) as ambassador: the student themself, back home (step 5) or
    after a completed stay."""
    if user.role != Role.STUDENT or mobility.student.user_id != user.pk:
        return False
    return mobility.is_back_home


# Issue 15, contacts. The contact log of a stay: the student their own, the coordinator
# and the stay's supervisor everything, the mentor all but the texts and wellbeing of
# entries marked confidential (so does the student). The coordinator and the stay's
# supervisor log contacts and set the agreement; the student checks in while abroad.


def can_see_contacts(user: User, mobility: Mobility) -> bool:
    """The stay's contact log, agreement and planned moments (the stay is one they see)."""
    return _one_of_the_stays_people(user, mobility)


def can_read_contact_texts(user: User, mobility: Mobility) -> bool:
    """The texts and wellbeing of confidential entries: the coordinator, the stay's supervisor."""
    return _coordinator_or_its_supervisor(user, mobility)


def can_log_contact(user: User, mobility: Mobility) -> bool:
    """Log a contact, and set the contact agreement: the coordinator, the stay's supervisor,
    while the stay is in progress."""
    return mobility.is_open and can_read_contact_texts(user, mobility)


def can_set_contact_agreement(user: User, mobility: Mobility) -> bool:
    return can_log_contact(user, mobility)


def can_check_in(user: User, mobility: Mobility) -> bool:
    """The student's own check-in, while abroad (step 4)."""
    if user.role != Role.STUDENT or not mobility.is_open:
        return False
    return mobility.student.user_id == user.pk and mobility.step == Step.ABROAD


def contacts_mobility_for(user: User, public_id: UUID | str) -> Mobility:
    mobility = mobility_for(user, public_id)
    require(can_see_contacts(user, mobility))
    return mobility


# Issue 15, Europass Mobility and the Erasmus+ participant report. Whoever sees a stay
# reads its Europass (the student their own draft, read only) and downloads it once issued:
# the student, the coordinator, the supervisor and the mentor.


def europass_for(user: User, public_id: UUID | str) -> EuropassMobility:
    return get_object_or_404(
        EuropassMobility.objects.filter(mobility__in=visible_mobilities(user)).select_related(
            "mobility__student", "issued_by"
        ),
        public_id=public_id,
    )


def can_edit_europass(user: User, mobility: Mobility) -> bool:
    """Edit a draft: the coordinator, and the stay's supervisor, who prepares it."""
    return _coordinator_or_its_supervisor(user, mobility)


def can_issue_europass(user: User) -> bool:
    """Review and issue a Europass, and withdraw an issued one: the coordinator."""
    return user.role == Role.COORDINATOR


def can_record_participant_report(user: User) -> bool:
    """Tick or import that the Erasmus+ participant report was filled in: the coordinator,
    who pays the last instalment that waits for it."""
    return user.role == Role.COORDINATOR


# Issue 15, hosts: a host company's memory. Its page and the list are for the school's
# staff (coordinator, supervisors); its contacts and recognitions are the coordinator's,
# like the company's facts. The stays on its page are those the reader may see.


def can_see_hosts(user: User) -> bool:
    return user.role in (Role.COORDINATOR, Role.SUPERVISOR)


def host_page_for(user: User, public_id: UUID | str) -> HostCompany:
    require(can_see_hosts(user))
    return get_object_or_404(HostCompany, public_id=public_id)


def host_contact_for(user: User, public_id: UUID | str) -> HostContact:
    require(can_manage_school(user))
    return get_object_or_404(HostContact.objects.select_related("host"), public_id=public_id)


def host_recognition_for(user: User, public_id: UUID | str) -> HostRecognition:
    require(can_manage_school(user))
    return get_object_or_404(
        HostRecognition.objects.select_related("host", "programme"), public_id=public_id
    )


def can_review_host(user: User, mobility: Mobility) -> bool:
    """The student's view of their host company: their own, once back home (step 5 or a
    completed stay), for a stay with a host company."""
    return (
        user.role == Role.STUDENT
        and mobility.student.user_id == user.pk
        and mobility.host_company_id is not None
        and mobility.is_back_home
    )


def can_see_host_reviews(user: User) -> bool:
    """The students' views of host companies: the school's staff."""
    return can_see_hosts(user)


# Group stays (groups app). The coordinator manages them; the staff who accompany a group
# see it, with the members whose stays they may see (visible_mobilities); nobody else does.


def visible_groups(user: User) -> QuerySet[GroupStay]:
    groups = GroupStay.objects.all()
    if user.role == Role.COORDINATOR:
        return groups
    if user.role in (Role.SUPERVISOR, Role.MENTOR):
        return groups.filter(staff=user)
    return groups.none()


def can_see_groups(user: User) -> bool:
    """The list of group stays: the school's staff (each sees the groups visible_groups
    gives them); not students, who see their own stay."""
    return user.role in (Role.COORDINATOR, Role.SUPERVISOR, Role.MENTOR)


def group_for(user: User, public_id: UUID | str) -> GroupStay:
    return get_object_or_404(visible_groups(user), public_id=public_id)


def can_manage_groups(user: User) -> bool:
    """Make and change group stays and who takes part: the coordinator, like any stay."""
    return can_manage_school(user)


def accompanies(user: User, group: GroupStay) -> bool:
    """Whether the user is one of the staff who travel with the group."""
    return group.staff.filter(pk=user.pk).exists()


def group_members(user: User, group: GroupStay) -> MobilityQuerySet:
    """The members' stays a user lists on the group's page and emergency sheet: all of them
    for the coordinators and for the staff who accompany the group (on the trip they answer
    for every participant, not only for the stays they supervise); else those they may see."""
    members = Mobility.objects.filter(group=group)
    if user.role == Role.COORDINATOR or accompanies(user, group):
        return members
    return visible_mobilities(user).filter(group=group)


def can_see_sensitive_on_group_sheet(
    user: User, mobility: Mobility, *, accompanying: bool = False
) -> bool:
    """A participant's people at home and insurance on the group's emergency sheet: what
    their own emergency card shows, for those who may download it, and for the staff who
    accompany the group (`accompanying`, asked once for the sheet)."""
    return accompanying or can_download_emergency_card(user, mobility)


def require(allowed: bool) -> None:
    """Refuse an action the user may not take on something they may see."""
    if not allowed:
        raise PermissionDenied


# Issue 18, agreements


def can_read_agreements(user: User, mobility: Mobility) -> bool:
    """A stay's agreements and terms: the coordinators, the stay's supervisor, the student
    themself; the student's mentor only where the school allows it."""
    if _the_stays_own_people(user, mobility):
        return True
    if user.role == Role.MENTOR and mobility.student.mentor_id == user.pk:
        return AgreementSettings.current().mentors_read
    return False


def can_edit_terms(user: User, mobility: Mobility) -> bool:
    """The stay's tasks, learning outcomes and assessment: the coordinators and the stay's
    supervisor; the student themself where the school allows it. Only while it is open."""
    if not mobility.is_open:
        return False
    if _coordinator_or_its_supervisor(user, mobility):
        return True
    if user.role == Role.STUDENT and mobility.student.user_id == user.pk:
        return AgreementSettings.current().students_edit_terms
    return False


def can_send_agreements(user: User) -> bool:
    """Send an agreement for signing: the coordinators."""
    return user.role == Role.COORDINATOR


def may_sign(user: User, signature: Signature) -> bool:
    """Sign (or refuse) a place logged in: the student their own, a coordinator the school's."""
    if signature.party == Party.SCHOOL:
        return user.role == Role.COORDINATOR
    if signature.party == Party.STUDENT and signature.link_id is None:
        return signature.user_id == user.pk and user.role == Role.STUDENT
    return False


# Issue 17, cohort work


def can_export_stays(user: User) -> bool:
    """The stays list's export (bulk app): the coordinators and the supervisors (a
    supervisor's list holds only their own stays)."""
    return user.role in (Role.COORDINATOR, Role.SUPERVISOR)


def can_tick_items_in_bulk(user: User) -> bool:
    """The bulk action that ticks a checklist item: the coordinators and the supervisors
    (each item is then ticked only where can_change_item allows)."""
    return user.role in (Role.COORDINATOR, Role.SUPERVISOR)


def can_send_links_in_bulk(user: User) -> bool:
    """The bulk action that sends guardian consent links: the coordinators (each link is
    then sent only where can_send_link allows)."""
    return user.role == Role.COORDINATOR


def can_advance_in_bulk(user: User) -> bool:
    """The bulk action that moves stays on to their next step: the coordinators (each stay
    then moves only where the lifecycle's rules allow)."""
    return user.role == Role.COORDINATOR
