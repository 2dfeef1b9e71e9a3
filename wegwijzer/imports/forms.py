from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.imports.kinds import KINDS, normalised
from wegwijzer.imports.models import ImportKind, ImportMapping, ImportRun

# A student information system's export of a whole school stays well below this.
MAX_FILE_SIZE = 20 * 1024 * 1024


class UploadForm(forms.Form):
    kind = forms.ChoiceField(label=_("What the file holds"), choices=ImportKind.choices)
    file = forms.FileField(
        label=_("Export file (CSV or XLSX)"),
        help_text=_(
            "As the student information system exports it: the first row names the columns."
        ),
    )
    mapping = forms.ModelChoiceField(
        label=_("Saved columns"),
        queryset=ImportMapping.objects.order_by("kind", "name"),
        required=False,
        empty_label=_("Recognise the columns by their headings"),
        help_text=_("The columns saved for this source (e.g. Eduarte) at an earlier import."),
    )

    def clean_file(self) -> Any:
        upload = self.cleaned_data["file"]
        if upload.size > MAX_FILE_SIZE:
            raise forms.ValidationError(_("The file is larger than 20 MB."))
        if not upload.name.lower().endswith((".csv", ".txt", ".xlsx")):
            raise forms.ValidationError(_("Choose a CSV or XLSX file."))
        return upload

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        mapping = cleaned.get("mapping")
        if mapping and mapping.kind != cleaned.get("kind"):
            self.add_error("mapping", _("These saved columns are for another kind of file."))
        return cleaned


class ColumnsForm(forms.Form):
    """A field per column of the file, as recognised or chosen; and a name to keep them."""

    mapping_name = forms.CharField(
        label=_("Save these columns as"),
        max_length=60,
        required=False,
        help_text=_("The name of the source, e.g. Eduarte: the next import chooses it."),
    )

    def __init__(self, *args: Any, run: ImportRun, headings: list[str], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        choices = [("", _("(leave out)")), *KINDS[run.kind].field_labels().items()]
        self.columns: list[tuple[str, str]] = []
        for position, heading in enumerate(headings):
            name = normalised(heading)
            if not name or name in dict(self.columns).values():
                continue
            field_name = f"column_{position}"
            self.fields[field_name] = forms.ChoiceField(
                label=heading, choices=choices, required=False, initial=run.columns.get(name, "")
            )
            self.columns.append((field_name, name))
        self.order_fields([name for name, _heading in self.columns] + ["mapping_name"])

    def chosen(self) -> dict[str, str]:
        return {name: self.cleaned_data[field] for field, name in self.columns}

    def column_fields(self) -> list[forms.BoundField]:
        return [self[field] for field, _name in self.columns]


class ApplyForm(forms.Form):
    # The digest of the plan the dry run showed (imports.services.digest).
    plan = forms.CharField(widget=forms.HiddenInput, max_length=64)
