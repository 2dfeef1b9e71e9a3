from django.conf import settings
from django.db import models
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.models import PublicIdModel


class ImportKind(models.TextChoices):
    """What a file brings in; each kind has its own fields (imports.kinds)."""

    STUDENTS = "students", _("Students")
    HOSTS = "hosts", _("Host companies")
    PROGRAMMES = "programmes", _("Programmes")
    MENTORS = "mentors", _("Mentors")


class ImportMapping(models.Model):
    """Which column of a source's export holds which field, saved once and chosen again.

    `columns` maps a heading, as imports.kinds.normalised writes it, to a field name; an
    empty field name means the column is left out. It overrides the recognised headings.
    """

    name = models.CharField(_("name"), max_length=60)
    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    columns = models.JSONField(_("columns"), default=dict)
    updated_at = models.DateTimeField(auto_now=True)

    class Meta:
        ordering = ["name"]
        verbose_name = _("import mapping")
        verbose_name_plural = _("import mappings")
        constraints = [
            models.UniqueConstraint(fields=["name", "kind"], name="one_mapping_name_per_kind")
        ]

    def __str__(self) -> str:
        return self.name


class ImportRun(PublicIdModel):
    """One uploaded file, kept between its dry run and its apply, so the apply applies
    exactly what the dry run showed (imports.services.apply_import).

    The file holds personal data: it is emptied once applied, and a file never applied is
    removed a day after its upload (imports.services.start_import)."""

    kind = models.CharField(_("kind"), max_length=20, choices=ImportKind.choices)
    filename = models.CharField(_("file"), max_length=200)
    content = models.BinaryField()
    mapping = models.ForeignKey(
        ImportMapping, verbose_name=_("mapping"), on_delete=models.SET_NULL, null=True, blank=True
    )
    # The columns this run reads, after recognition, the mapping and what was chosen on the
    # dry-run page: {normalised heading: field name or ""}.
    columns = models.JSONField(default=dict, blank=True)
    created_by = models.ForeignKey(
        settings.AUTH_USER_MODEL, on_delete=models.SET_NULL, null=True, related_name="+"
    )
    created_at = models.DateTimeField(auto_now_add=True)
    applied_at = models.DateTimeField(null=True, blank=True)
    # {"created": n, "updated": n, "unchanged": n, "refused": n} once applied.
    counts = models.JSONField(default=dict, blank=True)
    # The classes (klassen) of an applied students' file, for the links on the result page:
    # the file itself is emptied once applied (imports.services.apply_import).
    classes = models.JSONField(default=list, blank=True)

    class Meta:
        ordering = ["-created_at", "-pk"]
        verbose_name = _("import")
        verbose_name_plural = _("imports")

    def __str__(self) -> str:
        return self.filename
