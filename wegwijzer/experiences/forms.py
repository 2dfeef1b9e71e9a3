from typing import Any

from django import forms
from django.core.exceptions import ValidationError
from django.core.files.uploadedfile import UploadedFile
from django.template.defaultfilters import filesizeformat
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from wegwijzer.documents.forms import CheckedUpload
from wegwijzer.documents.validation import checked_content_type

# A photo from a phone; larger ones are refused before their content is read.
PHOTO_MAX_BYTES = 5 * 1024 * 1024
PHOTO_TYPES = frozenset({"image/jpeg", "image/png"})


class PhotoField(forms.FileField):
    """A JPEG or PNG photo, told by its content (documents.validation), at most 5 MB."""

    def __init__(self, **kwargs: Any) -> None:
        kwargs.setdefault("label", gettext_lazy("Photo (optional)"))
        kwargs.setdefault("help_text", gettext_lazy("A JPEG or PNG photo of at most 5 MB."))
        kwargs.setdefault(
            "widget", forms.FileInput(attrs={"accept": ".jpg,.jpeg,.png,image/jpeg,image/png"})
        )
        kwargs.setdefault("required", False)
        super().__init__(**kwargs)

    def clean(self, data: Any, initial: Any = None) -> CheckedUpload | None:
        upload: UploadedFile | None = super().clean(data, initial)
        if not upload:
            return None
        if (upload.size or 0) > PHOTO_MAX_BYTES:
            raise ValidationError(
                _("The photo is too large: it may be at most %(size)s.")
                % {"size": filesizeformat(PHOTO_MAX_BYTES)},
                code="too_large",
            )
        try:
            content_type = checked_content_type(upload)
        except ValidationError as refused:
            if refused.code == "mismatch":
                raise
            content_type = ""
        if content_type not in PHOTO_TYPES:
            raise ValidationError(_("Choose a JPEG or PNG photo."), code="not_a_photo")
        return CheckedUpload(file=upload, content_type=content_type)


class ExperienceForm(forms.Form):
    text = forms.CharField(
        label=gettext_lazy("Your experience"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=gettext_lazy(
            "Working on your own, the language, the culture, a new way of working, new people."
        ),
        error_messages={"required": gettext_lazy("Write something about your stay.")},
    )
    photo = PhotoField()
    consent = forms.BooleanField(
        label=gettext_lazy(
            "You may share this: the school may show it to students who think of going abroad, "
            "and on its website, with my first name, programme and destination."
        ),
        required=False,
    )


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0)


class ConsentForm(VersionForm):
    consent = forms.BooleanField(required=False)


class ShareForm(VersionForm):
    shared = forms.BooleanField(required=False)


class AmbassadorForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput, min_value=0, required=False)
    contact = forms.CharField(
        label=gettext_lazy("How can other students reach you?"),
        max_length=500,
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("For example your school e-mail address, or: ask the coordinator."),
        error_messages={"required": gettext_lazy("Say how other students can reach you.")},
    )
    share_contact = forms.BooleanField(
        label=gettext_lazy("Share my contact details with students who look for an ambassador"),
        required=False,
    )


class PoolFilterForm(forms.Form):
    """The pool's filters, in the URL: a destination country and a programme, typed (a
    school group has too many programmes for a dropdown)."""

    country = forms.ChoiceField(label=gettext_lazy("Country"), required=False)
    programme = forms.CharField(
        label=gettext_lazy("Programme (name or crebo code)"), required=False
    )

    def __init__(self, *args: Any, countries: list[tuple[str, str]], **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        country_field = self.fields["country"]
        assert isinstance(country_field, forms.ChoiceField)  # noqa: S101 - declared above
        country_field.choices = [("", _("All countries")), *countries]
