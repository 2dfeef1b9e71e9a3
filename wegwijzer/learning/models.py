"""What a student learns from a stay: the goals agreed before departure, the reviews of
them during the stay (step 4), the student's reflection and the school's assessment
(step 5). Every row hangs off the mobility, so the erasure removes it with the student."""

from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _
from django.utils.translation import gettext_noop

from wegwijzer.core.models import PublicIdModel

# Goals are few (the supervision agreement names a handful): a bound keeps every page's
# list short without pagination.
MAX_GOALS = 12


class LearningGoal(PublicIdModel):
    """A goal agreed before departure, in the order the agreement names them."""

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="learning_goals",
    )
    position = models.PositiveSmallIntegerField(_("order"), default=1)
    goal = models.CharField(_("learning goal"), max_length=300)
    tasks = models.TextField(
        _("tasks and learning outcomes"),
        blank=True,
        help_text=_("What the student does for this goal, and what shows it was reached."),
    )
    # Raised on every change; the edit form carries the version it showed.
    version = models.PositiveIntegerField(default=0)
    created_at = models.DateTimeField(auto_now_add=True)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["position", "pk"]
        verbose_name = _("learning goal")
        verbose_name_plural = _("learning goals")

    def __str__(self) -> str:
        return self.goal


class Verdict(models.TextChoices):
    """The guide's three questions: are the goals reached, do they need adjusting, is a new
    plan needed to reach them?"""

    ON_TRACK = "on_track", _("On track")
    ADJUSTED = "adjusted", _("Goals adjusted")
    NEW_PLAN = "new_plan", _("New plan needed")


class GoalReview(PublicIdModel):
    """A review of the goals during the stay, with the assignments done, assessed and passed."""

    mobility = models.ForeignKey(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="goal_reviews",
    )
    reviewed_on = models.DateField(_("date"))
    verdict = models.CharField(_("verdict"), max_length=10, choices=Verdict.choices)
    assignments_done = models.PositiveSmallIntegerField(_("assignments done"), default=0)
    assignments_assessed = models.PositiveSmallIntegerField(_("assignments assessed"), default=0)
    assignments_passed = models.PositiveSmallIntegerField(_("assignments passed"), default=0)
    note = models.TextField(_("note"), blank=True)
    reviewed_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("reviewed by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    created_at = models.DateTimeField(auto_now_add=True)

    # The history names it in its reader's language (audit.services.record).
    audit_label = gettext_noop("Review of the learning goals")

    class Meta:
        ordering = ["-reviewed_on", "-pk"]
        verbose_name = _("goal review")
        verbose_name_plural = _("goal reviews")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(assignments_assessed__lte=models.F("assignments_done"))
                & models.Q(assignments_passed__lte=models.F("assignments_assessed")),
                name="review_passed_within_assessed_within_done",
            ),
        ]

    def __str__(self) -> str:
        return str(self.get_verdict_display())


class ReflectionStatus(models.TextChoices):
    DRAFT = "draft", _("Draft")
    SUBMITTED = "submitted", _("Submitted")


class Reflection(PublicIdModel):
    """The student's reflection back home: the guide's three questions, a presentation or
    portfolio, and the response of their mentor or supervisor."""

    mobility = models.OneToOneField(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="reflection",
    )
    what_happened = models.TextField(_("What did I do and experience?"), blank=True)
    what_learned = models.TextField(_("What did I learn?"), blank=True)
    what_next = models.TextField(
        _("What will I do with what I learned, and with my learning wishes?"), blank=True
    )
    document = models.ForeignKey(
        "documents.Document",
        verbose_name=_("presentation or portfolio"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    status = models.CharField(
        _("status"), max_length=10, choices=ReflectionStatus.choices, default=ReflectionStatus.DRAFT
    )
    submitted_at = models.DateTimeField(_("submitted"), null=True, blank=True)
    response = models.TextField(_("response"), blank=True)
    responded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("response by"),
        on_delete=models.SET_NULL,
        null=True,
        blank=True,
        related_name="+",
    )
    responded_at = models.DateTimeField(_("responded"), null=True, blank=True)
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    audit_label = gettext_noop("Reflection")

    class Meta:
        verbose_name = _("reflection")
        verbose_name_plural = _("reflections")

    def __str__(self) -> str:
        return str(_("Reflection"))

    @property
    def is_submitted(self) -> bool:
        return self.status == ReflectionStatus.SUBMITTED


class Rating(models.TextChoices):
    """The results of the scales other than a grade (programmes.AssessmentScale)."""

    PASS = "pass", _("Pass")
    FAIL = "fail", _("Fail")
    UNSATISFACTORY = "unsatisfactory", _("Unsatisfactory")
    SATISFACTORY = "satisfactory", _("Satisfactory")
    GOOD = "good", _("Good")


class Assessment(PublicIdModel):
    """The result of the placement as the programme assesses it, who assessed it and what
    parts of the programme it counts for."""

    mobility = models.OneToOneField(
        "mobilities.Mobility",
        verbose_name=_("mobility"),
        on_delete=models.CASCADE,
        related_name="assessment",
    )
    # The programme's scale when the result was given: a later change of the programme's
    # scale leaves given results readable.
    scale = models.CharField(_("scale"), max_length=10)
    grade = models.DecimalField(_("grade"), max_digits=3, decimal_places=1, null=True, blank=True)
    rating = models.CharField(_("result"), max_length=15, choices=Rating.choices, blank=True)
    assessor = models.CharField(
        _("assessed by"), max_length=200, help_text=_("Who assessed the placement.")
    )
    assessed_on = models.DateField(_("assessed on"))
    counts_for = models.TextField(
        _("counts for"),
        blank=True,
        help_text=_("Which parts of the programme, e.g. BPV period 2, elective Internationaal II."),
    )
    recorded_by = models.ForeignKey(
        settings.AUTH_USER_MODEL,
        verbose_name=_("recorded by"),
        on_delete=models.SET_NULL,
        null=True,
        related_name="+",
    )
    version = models.PositiveIntegerField(default=0)
    updated_at = models.DateTimeField(auto_now=True)

    audit_label = gettext_noop("Assessment")

    class Meta:
        verbose_name = _("assessment")
        verbose_name_plural = _("assessments")
        constraints = [
            models.CheckConstraint(
                condition=models.Q(grade__isnull=True) | models.Q(grade__gte=1, grade__lte=10),
                name="assessment_grade_1_to_10",
            ),
        ]

    def __str__(self) -> str:
        return str(_("Assessment"))
