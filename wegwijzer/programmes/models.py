from django.core.validators import MaxValueValidator, MinValueValidator, RegexValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import PublicIdModel


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
        return f"{self.name} ({_('level')} {self.level})"
