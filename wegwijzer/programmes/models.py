from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import PublicIdModel


class AssessmentScale(models.TextChoices):
    """How a programme assesses a stay abroad (learning.Assessment records the result)."""

    GRADE = "grade", _("grade from 1 to 10")
    PASS_FAIL = "pass_fail", _("pass or fail")
    RATING = "rating", _("unsatisfactory, satisfactory or good")


class Programme(PublicIdModel):
    """An MBO programme (opleiding) with its own conditions for a stay abroad."""

    name = models.CharField(_("name"), max_length=200)
    qualification_code = models.CharField(
        _("qualification code"),
        max_length=5,
        unique=True,
        validators=[RegexValidator(r"^\d{5}$", _("A qualification code has five digits."))],
        help_text=_("The crebo code of the qualification, five digits."),
    )
    level = models.PositiveSmallIntegerField(
        _("level"), validators=[MinValueValidator(1), MaxValueValidator(4)]
    )
    abroad_mandatory = models.BooleanField(_("stay abroad is mandatory"), default=False)
    minimum_age = models.PositiveSmallIntegerField(
        _("minimum age for a stay abroad"),
        null=True,
        blank=True,
        help_text=_("The school's age limit; leave empty when there is none."),
    )
    requirements = models.TextField(
        _("requirements"),
        blank=True,
        help_text=_("Minimum grades, allowed countries or company types."),
    )
    follows_international_ii = models.BooleanField(
        _("students follow the elective module Internationaal II"), default=False
    )
    assessment_scale = models.CharField(
        _("assessment of a stay abroad"),
        max_length=10,
        choices=AssessmentScale.choices,
        default=AssessmentScale.GRADE,
        help_text=_("How the result of a placement abroad is given."),
    )

    class Meta:
        ordering = ["name", "level"]
        verbose_name = _("programme")
        verbose_name_plural = _("programmes")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(level__gte=1, level__lte=4), name="programme_level_1_to_4"
            ),
        ]

    def __str__(self) -> str:
        return programme_label(self.name, self.level)


def programme_label(name: str, level: int) -> str:
    """How a programme is shown (Programme.__str__): also for rows of a GROUP BY, which
    need no model instance made for each."""
    return f"{name} ({_('level')} {level})"


class Step(models.IntegerChoices):
    """The five steps of the national guide."""

    ORIENTATION = 1, _("Orientation")
    DECISION = 2, _("Decision")
    PREPARATION = 3, _("Preparation")
    ABROAD = 4, _("Abroad")
    BACK_HOME = 5, _("Back home")


class Owner(models.TextChoices):
    """Who does a checklist item. Guardians and hosts act through signed links."""

    STUDENT = "student", _("student")
    MENTOR = "mentor", _("mentor")
    COORDINATOR = "coordinator", _("coordinator")
    SUPERVISOR = "supervisor", _("supervisor")
    GUARDIAN = "guardian", _("guardian")
    HOST = "host", _("host company")


def owner_labels(owners: list[str] | None) -> list[str]:
    """The owners of a checklist item, written out in the reader's language."""
    return [str(Owner(owner).label) for owner in owners or []]


class Condition(models.TextChoices):
    """When a checklist item applies; the rules themselves live in mobilities.rules."""

    ALWAYS = "", _("always")
    UNDER_18 = "under_18", _("student is under 18 on the departure date")
    ERASMUS = "erasmus", _("funded by Erasmus+")
    OUTSIDE_EEA = "outside_eea", _("destination outside the EU/EEA and Switzerland")
    EXAM_ABROAD = "exam_abroad", _("exam abroad")
    EXTENDED = "extended", _("stay extended")
    INSIDE_EEA = "inside_eea", _("destination in the EU/EEA or Switzerland")


class Checker(models.TextChoices):
    """Who at school checks an item that someone else marked done (school checks)."""

    NOBODY = "", _("nobody")
    COORDINATOR = "coordinator", _("coordinator")
    SUPERVISOR = "supervisor", _("supervisor")


class Anchor(models.TextChoices):
    DEPARTURE = "departure", _("departure")
    RETURN = "return", _("return")


class TemplateItem(models.Model):
    """One item of the checklist template.

    Items without a programme form the school's default template (loaded from
    programmes/default_checklist.py by a migration); items with a programme are that
    programme's own additions.
    """

    programme = models.ForeignKey(
        Programme,
        verbose_name=_("programme"),
        on_delete=models.CASCADE,
        null=True,
        blank=True,
        related_name="own_template_items",
    )
    key = models.SlugField(_("key"), max_length=60, unique=True, editable=False)
    step = models.PositiveSmallIntegerField(_("step"), choices=Step.choices)
    position = models.PositiveSmallIntegerField(_("position"), default=0)
    title = models.CharField(_("title"), max_length=200)
    description = models.TextField(_("description"), blank=True)
    owners = models.JSONField(_("done by"), default=list)
    required = models.BooleanField(_("required"), default=True)
    anchor = models.CharField(
        _("due relative to"), max_length=10, choices=Anchor.choices, default=Anchor.DEPARTURE
    )
    offset_days = models.IntegerField(
        _("days after (negative: before)"),
        default=0,
        help_text=_("Negative numbers are days before the departure or return."),
    )
    condition = models.CharField(
        _("applies when"), max_length=20, choices=Condition.choices, blank=True
    )
    checker = models.CharField(
        _("checked by the school"),
        max_length=20,
        choices=Checker.choices,
        blank=True,
        default="",
        help_text=_("When someone else marks it done, it waits for this check."),
    )

    class Meta:
        ordering = ["step", "position", "pk"]
        verbose_name = _("checklist template item")
        verbose_name_plural = _("checklist template items")

    def __str__(self) -> str:
        return self.title

    @property
    def owner_labels(self) -> list[str]:
        return owner_labels(self.owners)


class ProgrammeItemSetting(models.Model):
    """A programme's own setting for a default template item: switched off, or due earlier."""

    programme = models.ForeignKey(Programme, on_delete=models.CASCADE, related_name="item_settings")
    template_item = models.ForeignKey(
        TemplateItem, on_delete=models.CASCADE, related_name="programme_settings"
    )
    enabled = models.BooleanField(_("used"), default=True)
    offset_days = models.IntegerField(_("days after (negative: before)"), null=True, blank=True)

    class Meta:
        constraints = [
            models.UniqueConstraint(
                fields=["programme", "template_item"], name="one_setting_per_programme_item"
            )
        ]

    def __str__(self) -> str:
        return f"{self.programme}: {self.template_item}"
