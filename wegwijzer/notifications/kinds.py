"""Every kind of message Wegwijzer sends, in one place: who may switch it off, how it is
delivered unless the reader chose otherwise, which placeholders its text may use, and its
default wording (Dutch through the catalogue; English is the message id).

A school may word a kind's subject and body itself (`MessageTemplate`); the placeholders
are the only way its text reaches data, so a template can never show more than the kind
hands it. `{placeholder}` inserts a value, `{{` and `}}` write a brace.
"""

from dataclasses import dataclass

from django.db import models
from django.utils.functional import Promise
from django.utils.translation import gettext_lazy as _

from wegwijzer.accounts.models import Role

STAFF = (Role.COORDINATOR, Role.SUPERVISOR, Role.MENTOR)
SCHOOL_STAFF = (Role.COORDINATOR, Role.SUPERVISOR)


class Kind(models.TextChoices):
    ROLL_CALL_HELP = "roll_call_help", _("A student asks for help in a roll call")
    SERIOUS_INCIDENT = "serious_incident", _("A serious incident")
    CONSENT_ANSWERED = "consent_answered", _("A guardian answered the consent request")
    HOST_ANSWERED = "host_answered", _("A host company confirmed or evaluated")
    TO_CHECK = "to_check", _("Something waits for your check")
    TRAVEL_ADVICE = "travel_advice", _("The travel advice for a destination changed")
    STAY_STOPPED = "stay_stopped", _("A stay was stopped (no-go or broken off)")
    DUE_ITEMS = "due_items", _("Reminder of your required items")
    DUO = "duo", _("DUO: the student travel product")
    LINK_REMINDER = "link_reminder", _("Reminder of an unanswered link")
    DIGEST = "digest", _("Morning digest")
    STAY_EXTENDED = "stay_extended", _("A stay abroad was extended")
    # Issue 15, contacts
    CONTACT_MISSED = "contact_missed", _("Contact moments missed")
    WELLBEING_LOW = "wellbeing_low", _("A student's wellbeing is low or falling")
    CONTACT_REQUESTED = "contact_requested", _("A student abroad would like contact")
    # Issue 17, a whole cohort
    COHORT_MESSAGE = "cohort_message", _("A message to a cohort of students or their guardians")
    # Issue 18, agreements
    AGREEMENT_COMPLETE = "agreement_complete", _("An agreement is signed by everyone")
    AGREEMENT_REFUSED = "agreement_refused", _("A party refused to sign an agreement")


class Delivery(models.TextChoices):
    IMMEDIATELY = "immediately", _("at once, by e-mail and in Wegwijzer")
    DIGEST = "digest", _("in Wegwijzer, and in my digest")
    OFF = "off", _("off")


# Placeholders every kind offers.
COMMON = ("first_name", "link")


@dataclass(frozen=True)
class KindSpec:
    kind: Kind
    subject: Promise
    body: Promise
    placeholders: tuple[str, ...] = ()
    # Safety messages reach people whatever they chose.
    safety: bool = False
    default: Delivery = Delivery.IMMEDIATELY
    # Sent to people without an account (guardians, host companies): no preferences.
    to_address: bool = False
    # The roles that may get it: the settings page offers it to them only.
    roles: tuple[str, ...] = ()
    # Who gets it, in words, for the school that words it (and the README).
    audience: Promise | str = ""

    @property
    def allowed(self) -> tuple[str, ...]:
        return COMMON + self.placeholders


SPECS: dict[str, KindSpec] = {
    spec.kind: spec
    for spec in [
        KindSpec(
            Kind.ROLL_CALL_HELP,
            roles=SCHOOL_STAFF,
            audience=_(
                "The coordinators and the stay's supervisor, at once; it cannot be switched off."
            ),
            subject=_("{student} needs help ({roll_call})"),
            body=_(
                'Hello {first_name},\n\n{student} answered the roll call "{roll_call}" with '
                '"I need help".\n\nWhere: {location}\nStaying in: {city}\nPhone: {phone}\n'
                "Message: {message}\n\nOpen it in Wegwijzer: {link}\n\nIt stays on your home "
                "page until someone marks it handled."
            ),
            placeholders=("student", "roll_call", "location", "city", "phone", "message"),
            safety=True,
        ),
        KindSpec(
            Kind.SERIOUS_INCIDENT,
            roles=SCHOOL_STAFF,
            audience=_(
                "The coordinators and the stay's supervisor, at once; it cannot be switched off."
            ),
            subject=_("Serious incident: {student} in {destination}"),
            body=_(
                "Hello {first_name},\n\nA serious incident ({incident_kind}) was logged for "
                "{student} in {destination}.\n\nWhat happened stays in Wegwijzer: {link}"
            ),
            placeholders=("student", "destination", "incident_kind"),
            safety=True,
        ),
        KindSpec(
            Kind.CONSENT_ANSWERED,
            roles=SCHOOL_STAFF,
            audience=_(
                "The stay's supervisor and whoever sent the consent link; never the mentor."
            ),
            subject=_("Consent for {student}: {answer}"),
            body=_(
                "Hello {first_name},\n\n{guardian} answered the consent request for {student}'s "
                "stay in {destination}: {answer}.\n\n{link}"
            ),
            placeholders=("student", "guardian", "destination", "answer"),
        ),
        KindSpec(
            Kind.HOST_ANSWERED,
            roles=SCHOOL_STAFF,
            audience=_("The stay's supervisor and whoever sent the link."),
            subject=_("{host}: {answer} for {student}"),
            body=_("Hello {first_name},\n\n{host} sent {answer} for {student}'s stay.\n\n{link}"),
            placeholders=("student", "host", "answer"),
        ),
        KindSpec(
            Kind.TO_CHECK,
            roles=SCHOOL_STAFF,
            audience=_("Whoever checks the item: the coordinators, or the stay's supervisor."),
            subject=_("To check: {item} of {student}"),
            body=_(
                'Hello {first_name},\n\n{student} handed in "{item}". It waits for your '
                "check.\n\n{link}"
            ),
            placeholders=("student", "item"),
        ),
        KindSpec(
            Kind.TRAVEL_ADVICE,
            roles=SCHOOL_STAFF,
            audience=_(
                "The coordinators and the supervisors of stays in that country; it cannot be "
                "switched off."
            ),
            subject=_("Travel advice for {country}: {colour}"),
            body=_(
                "Hello {first_name},\n\nThe travel advice for {country} changed to {colour}. "
                "Students of yours are there or going there: {students}.\n\n{link}"
            ),
            placeholders=("country", "colour", "students"),
            safety=True,
        ),
        KindSpec(
            Kind.STAY_STOPPED,
            roles=(Role.SUPERVISOR, Role.MENTOR),
            audience=_("The stay's supervisor and the student's mentor."),
            subject=_("{student}'s stay: {outcome}"),
            body=_(
                "Hello {first_name},\n\nThe stay of {student} in {destination} was stopped: "
                "{outcome}.\n\n{link}"
            ),
            placeholders=("student", "destination", "outcome"),
        ),
        KindSpec(
            Kind.STAY_EXTENDED,
            roles=(Role.SUPERVISOR, Role.STUDENT),
            audience=_("The student and the stay's supervisor, unless they extended it."),
            subject=_("{student}'s stay is extended to {date}"),
            body=_(
                "Hello {first_name},\n\nThe stay of {student} in {destination} is extended: the "
                "planned return is now {date}. The checklist asks for a visa, insurance and "
                "permits that cover the new dates.\n\n{link}"
            ),
            placeholders=("student", "destination", "date"),
        ),
        KindSpec(
            Kind.DUE_ITEMS,
            roles=(*STAFF, Role.STUDENT),
            audience=_(
                "Everyone with required items to do: students, mentors, supervisors and "
                "coordinators, at most once a day."
            ),
            subject=_("Your to-do list in Wegwijzer: {count} item(s)"),
            body=_("Hello {first_name},\n\nThese items are yours to do:\n\n{items}\n\n{link}"),
            placeholders=("count", "items"),
        ),
        KindSpec(
            Kind.DUO,
            roles=(Role.STUDENT,),
            audience=_("The student, before the departure and after the return."),
            subject=_("DUO: your student travel product and your stay abroad"),
            body=_("Hello {first_name},\n\n{advice}\n\n{link}"),
            placeholders=("advice",),
        ),
        KindSpec(
            Kind.LINK_REMINDER,
            roles=(),
            audience=_(
                "Guardians and host companies, by e-mail, before their link expires; host "
                "companies get the English wording."
            ),
            subject=_("Reminder: {purpose} for {student}"),
            body=_(
                "Hello {name},\n\nWe have not yet received your answer: {purpose} for "
                "{student}. The link in our earlier e-mail works until {expires}.\n\n"
                "With kind regards,\n{school}"
            ),
            placeholders=("name", "purpose", "student", "expires", "school"),
            to_address=True,
        ),
        KindSpec(
            Kind.DIGEST,
            roles=STAFF,
            audience=_(
                "Staff (coordinators, supervisors and mentors), in the morning, daily or weekly."
            ),
            subject=_("Wegwijzer: your overview of {date}"),
            body=_("Good morning {first_name},\n\n{overview}\n\n{link}"),
            placeholders=("date", "overview"),
            default=Delivery.IMMEDIATELY,
        ),
        # Issue 15, contacts
        KindSpec(
            Kind.CONTACT_MISSED,
            roles=SCHOOL_STAFF,
            audience=_(
                "The stay's supervisor (the coordinators when it has none), once a day, each "
                "missed moment once."
            ),
            subject=_("Contact moments missed: {count}"),
            body=_(
                "Hello {first_name},\n\nThese planned contact moments passed without a "
                "logged contact:\n\n{moments}\n\n{link}"
            ),
            placeholders=("count", "moments"),
        ),
        KindSpec(
            Kind.WELLBEING_LOW,
            roles=SCHOOL_STAFF,
            audience=_("The coordinators and the stay's supervisor, once per contact that flags."),
            subject=_("Wellbeing of {student}: {score} of 5"),
            body=_(
                "Hello {first_name},\n\nA contact with {student} in {destination} scored "
                "{score} of 5 for wellbeing: low, or falling since the contacts before.\n\n"
                "What was said stays in Wegwijzer: {link}"
            ),
            placeholders=("student", "destination", "score"),
        ),
        KindSpec(
            Kind.CONTACT_REQUESTED,
            roles=SCHOOL_STAFF,
            audience=_(
                "The stay's supervisor (the coordinators when it has none), when a student "
                'ticks "I\'d like contact" in a check-in.'
            ),
            subject=_("{student} would like contact"),
            body=_(
                "Hello {first_name},\n\n{student} in {destination} checked in with a "
                "wellbeing score of {score} of 5 and would like contact.\n\n{link}"
            ),
            placeholders=("student", "destination", "score"),
        ),
        # Issue 17, a whole cohort: the coordinator writes the text of each send, starting
        # from this wording (the school's own, or the default).
        KindSpec(
            Kind.COHORT_MESSAGE,
            roles=(),
            audience=_(
                "The students of a list, or their guardians, when a coordinator sends a "
                "message to them; this wording is where each message starts."
            ),
            subject=_("A message from school about going abroad"),
            body=_("Hello {first_name},\n\n\n\nWith kind regards,\nThe international office"),
            placeholders=("student", "programme", "class"),
            to_address=True,
        ),
        # Issue 18, agreements
        KindSpec(
            Kind.AGREEMENT_COMPLETE,
            roles=SCHOOL_STAFF,
            audience=_("The stay's supervisor and whoever sent the agreement for signing."),
            subject=_("{agreement} of {student}: signed by everyone"),
            body=_(
                "Hello {first_name},\n\nEvery party has signed the {agreement} of {student}. "
                "The signed document is on the stay's page.\n\n{link}"
            ),
            placeholders=("student", "agreement"),
        ),
        KindSpec(
            Kind.AGREEMENT_REFUSED,
            roles=SCHOOL_STAFF,
            audience=_("The stay's supervisor and whoever sent the agreement for signing."),
            subject=_("{agreement} of {student}: signing refused"),
            body=_(
                "Hello {first_name},\n\n{name} refused to sign the {agreement} of {student}, "
                "with this reason:\n\n{reason}\n\nSend a new version once it is settled: "
                "{link}"
            ),
            placeholders=("student", "agreement", "name", "reason"),
        ),
    ]
}
