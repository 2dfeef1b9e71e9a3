from typing import Any

from django import forms
from django.utils.translation import gettext_lazy as _

from wegwijzer.core.forms import NameField
from wegwijzer.links.models import Purpose

# The guardian's and the host company's forms. Each asks the name of who answers, which is
# kept as evidence with the time and address; the other answers are kept as given.


class AnswerForm(forms.Form):
    name = NameField(
        label=_("Your full name"),
        max_length=150,
        widget=forms.TextInput(attrs={"autocomplete": "name"}),
    )
    remarks = forms.CharField(
        label=_("Remarks (optional)"),
        required=False,
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )

    def answers(self) -> dict[str, Any]:
        """What is kept besides the name: every other field, as plain JSON values."""
        return {key: value for key, value in self.cleaned_data.items() if key != "name"}


class ConsentForm(AnswerForm):
    consent = forms.ChoiceField(
        label=_("Your decision"),
        choices=[
            ("given", _("I give my consent for this stay abroad")),
            ("refused", _("I do not give my consent")),
        ],
        widget=forms.RadioSelect,
    )
    is_guardian = forms.BooleanField(
        label=_("I am a parent or legal guardian of this student."),
    )

    field_order = ["consent", "name", "is_guardian", "remarks"]


class SupervisionForm(AnswerForm):
    """Host companies answer this one in English; the school reads the answers in its own."""

    supervisor_name = NameField(
        label=_("Who supervises the student at your company?"), max_length=150
    )
    supervisor_role = forms.CharField(
        label=_("Their job title (optional)"), max_length=150, required=False
    )
    supervisor_email = forms.EmailField(label=_("Their e-mail address"))
    supervisor_phone = forms.CharField(
        label=_("Their phone number (optional)"), max_length=30, required=False
    )
    agreed = forms.BooleanField(
        label=_("We agree to the supervision agreements above and will supervise the student."),
    )

    field_order = [
        "supervisor_name", "supervisor_role", "supervisor_email", "supervisor_phone", "agreed",
        "name", "remarks",
    ]  # fmt: skip


class EvaluationForm(AnswerForm):
    """Host companies answer this one in English; the school reads the answers in its own."""

    overall = forms.ChoiceField(
        label=_("How did the stay go?"),
        choices=[
            ("very_good", _("Very well")),
            ("good", _("Well")),
            ("fair", _("Fairly")),
            ("poor", _("Poorly")),
        ],
        widget=forms.RadioSelect,
    )
    welcomes_more = forms.ChoiceField(
        label=_("Would you welcome more of our students?"),
        choices=[("yes", _("Yes")), ("maybe", _("Perhaps")), ("no", _("No"))],
        widget=forms.RadioSelect,
    )
    strengths = forms.CharField(
        label=_("What went well, and what could the student or the school do better? (optional)"),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Read by the Europass Mobility document: one skill or competence a line.
    skills = forms.CharField(
        label=_("Skills and competences the student acquired (optional)"),
        help_text=_("One a line."),
        required=False,
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 4}),
    )
    # Kept as one of the company's contacts (hosts.services.keep_trainer).
    trainer_name = NameField(
        label=_("The student's practical trainer at your company (optional)"),
        max_length=150,
        required=False,
    )
    trainer_email = forms.EmailField(
        label=_("The practical trainer's e-mail address (optional)"), required=False
    )

    field_order = [
        "overall", "welcomes_more", "strengths", "skills", "trainer_name", "trainer_email",
        "name", "remarks",
    ]  # fmt: skip


# The mid-term form's scale, for each thing the host rates.
RATINGS = [
    ("very_good", _("Very good")),
    ("good", _("Good")),
    ("fair", _("Fair")),
    ("poor", _("Poor")),
]


class MidtermForm(AnswerForm):
    """The host's mid-term feedback during the stay, in English like the other host forms."""

    attitude = forms.ChoiceField(
        label=_("Attitude and punctuality"),
        choices=RATINGS,
        widget=forms.RadioSelect,
    )
    skill_level = forms.ChoiceField(
        label=_("Professional skills"),
        choices=RATINGS,
        widget=forms.RadioSelect,
    )
    going_well = forms.CharField(
        label=_("What goes well?"),
        max_length=4000,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    to_improve = forms.CharField(
        label=_("What could be better?"),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    concern = forms.CharField(
        label=_("Do you have any concern about the student? (optional)"),
        help_text=_("The supervisor at the school contacts you about it."),
        max_length=4000,
        required=False,
        widget=forms.Textarea(attrs={"rows": 3}),
    )
    trainer_name = NameField(
        label=_("The student's practical trainer at your company"), max_length=150
    )

    field_order = [
        "attitude", "skill_level", "going_well", "to_improve", "concern", "trainer_name", "name",
        "remarks",
    ]  # fmt: skip


class SendLinkForm(forms.Form):
    """The send button of one purpose; for a guardian's consent, which guardian receives it.

    The services check that the guardian is one of the mobility's student.
    """

    # An agreement's links are sent with the agreement (agreements.signing).
    purpose = forms.ChoiceField(
        choices=[(value, label) for value, label in Purpose.choices if value != Purpose.AGREEMENT]
    )
    guardian = forms.IntegerField(required=False, min_value=1)
