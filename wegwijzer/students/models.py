import datetime
import hashlib
import hmac

from django.conf import settings
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import PublicIdModel
from wegwijzer.privacy.fields import EncryptedCharField, EncryptedTextField

# Every student a school group ever had is on its lists: the students list and the home's
# "Your school" count them up to this many (an index-only scan of that many entries at
# most, at any size); past it they say "more than", and a search narrows the list. 10,000
# is more than any one school's students.
COUNTED_UP_TO = 10_000


class StudentQuerySet(models.QuerySet["Student"]):
    def not_erased(self) -> "StudentQuerySet":
        """Students whose personal data is still here; an erased one only counts."""
        return self.filter(erased_at=None)

    def erased(self) -> "StudentQuerySet":
        """Students whose personal data was erased (few: a small partial index finds them)."""
        return self.exclude(erased_at=None)

    def search(self, term: str) -> "StudentQuerySet":
        """Students whose student number contains the term, or whose first or last name
        contains every word of it ("daan jan" finds Daan Jansen)."""
        term = term.strip()
        if not term:
            return self
        name = models.Q()
        for word in term.split():
            name &= models.Q(first_name__icontains=word) | models.Q(last_name__icontains=word)
        return self.filter(models.Q(student_number__icontains=term) | name)


# The student's fields shown only on the sensitive page (access.can_see_sensitive); the
# first three are encrypted and never enter the audit trail's values.
SENSITIVE_FIELDS = (
    "medical_notes", "passport_number", "insurance_number", "passport_expiry", "health_insurer",
)  # fmt: skip


def erased_number(student_number: str) -> str:
    """What an erased student keeps of their student number: a keyed hash, too short and
    too secret to find the number back by, but the same for the same number, so that the
    cohort import recognises a student whose data was erased and does not make them again.
    (Fits the field: "erased-" and 13 hex digits.)"""
    digest = hmac.new(
        settings.SECRET_KEY.encode(), student_number.strip().lower().encode(), hashlib.sha256
    )
    return f"erased-{digest.hexdigest()[:13]}"


class AbroadInterest(models.TextChoices):
    """What the mentor knows of a student's wish to go abroad (step 1, orientation)."""

    # Empty, so an erased student's answer is emptied with their other text fields.
    UNKNOWN = "", _("Not known yet")
    INTERESTED = "interested", _("Interested")
    NOT_NOW = "not_now", _("Not now")


class Student(PublicIdModel):
    """A student of the school, who may go abroad one or more times."""

    user = models.OneToOneField(
        settings.AUTH_USER_MODEL,
        verbose_name=_("account"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="student",
    )
    first_name = models.CharField(_("first name"), max_length=100)
    last_name = models.CharField(_("last name"), max_length=150)
    student_number = models.CharField(_("student number"), max_length=20, unique=True)
    date_of_birth = models.DateField(_("date of birth"))
    programme = models.ForeignKey(
        "programmes.Programme",
        verbose_name=_("programme"),
        on_delete=models.PROTECT,
        related_name="students",
    )
    year = models.PositiveSmallIntegerField(
        _("year"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    # The class (klas) in the student information system, e.g. "VZ3A": a coordinator
    # selects a class for a bulk action, and the cohort import fills it.
    class_name = models.CharField(_("class"), max_length=30, blank=True)
    mentor = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("mentor"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="mentees",
        limit_choices_to={"role": "mentor"},
    )
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)
    # Sensitive: encrypted in the database (privacy.fields), shown only on a page that is
    # opened on purpose and leaves an entry in the audit trail.
    medical_notes = EncryptedTextField(
        _("medical notes"),
        blank=True,
        help_text=_(
            "Allergies, medication and conditions the school must know about in an emergency."
        ),
    )
    passport_number = EncryptedCharField(_("passport or ID card number"), max_length=30, blank=True)
    passport_expiry = models.DateField(_("passport valid until"), null=True, blank=True)
    health_insurer = models.CharField(_("health insurer"), max_length=100, blank=True)
    insurance_number = EncryptedCharField(_("insurance policy number"), max_length=50, blank=True)
    # The student's own choice on their sensitive page: the emergency card then prints
    # their medical notes, for whoever helps them abroad.
    medical_on_card = models.BooleanField(_("medical notes on the emergency card"), default=False)
    # Set by the mentor from their home page: whether the student thinks of going abroad.
    abroad_interest = models.CharField(
        _("interest in going abroad"),
        max_length=20,
        choices=AbroadInterest.choices,
        default=AbroadInterest.UNKNOWN,
        blank=True,
    )
    # When the mentor last asked the coordinators to start a stay for the student.
    stay_requested_at = models.DateTimeField(_("stay asked for"), null=True, blank=True)
    # Raised on every change; the edit form carries the version it showed, so a second
    # person saving over a change they have not seen is told instead of overwriting it.
    version = models.PositiveIntegerField(default=0)
    # The retention period of a student who never went abroad counts from here.
    created_at = models.DateTimeField(auto_now_add=True)
    # Set when the student's personal data was erased (privacy.erasure); the row stays
    # for the school's counts.
    erased_at = models.DateTimeField(null=True, blank=True, editable=False)

    objects = StudentQuerySet.as_manager()

    class Meta:
        ordering = ["last_name", "first_name"]
        verbose_name = _("student")
        verbose_name_plural = _("students")
        indexes = [
            models.Index(fields=["last_name", "first_name"], name="student_name"),
            models.Index(fields=["class_name", "last_name", "first_name"], name="student_class"),
            # The list counts every student not erased: an index-only count of this small
            # index rather than a read of the table (migration 0008).
            models.Index(fields=["id"], condition=Q(erased_at=None), name="student_not_erased"),
            # Who-is-where leaves out the stays of erased students: a set of their ids from
            # this index, not a join of every stay of the day to its student (0009).
            models.Index(fields=["id"], condition=~Q(erased_at=None), name="student_erased"),
        ]

    def __str__(self) -> str:
        return self.full_name

    @property
    def full_name(self) -> str:
        return f"{self.first_name} {self.last_name}"

    def age_on(self, day: datetime.date) -> int:
        """Age in whole years on a day; a student turns 18 on their 18th birthday."""
        born = self.date_of_birth
        return day.year - born.year - ((day.month, day.day) < (born.month, born.day))


class Guardian(models.Model):
    """A parent or guardian (ouder/verzorger); gives consent while the student is under 18."""

    student = models.ForeignKey(
        Student, verbose_name=_("student"), on_delete=models.CASCADE, related_name="guardians"
    )
    name = models.CharField(_("name"), max_length=150)
    relationship = models.CharField(_("relationship"), max_length=50, blank=True)
    email = models.EmailField(_("e-mail"), blank=True)
    phone = models.CharField(_("phone"), max_length=30, blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("guardian")
        verbose_name_plural = _("guardians")

    def __str__(self) -> str:
        return self.name


class EmergencyContact(models.Model):
    """Someone at home (thuisblijver) the school calls when something happens abroad."""

    student = models.ForeignKey(
        Student,
        verbose_name=_("student"),
        on_delete=models.CASCADE,
        related_name="emergency_contacts",
    )
    name = models.CharField(_("name"), max_length=150)
    relationship = models.CharField(_("relationship"), max_length=50, blank=True)
    phone = models.CharField(_("phone"), max_length=30)
    email = models.EmailField(_("e-mail"), blank=True)

    class Meta:
        ordering = ["pk"]
        verbose_name = _("emergency contact")
        verbose_name_plural = _("emergency contacts")

    def __str__(self) -> str:
        return self.name
