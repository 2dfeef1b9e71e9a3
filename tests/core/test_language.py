"""Dutch as a Dutch school writes it, English as an English reader expects it: amounts,
dates, the empty dropdown choice, the history's words and the register ("je")."""

import datetime
from decimal import Decimal

import pytest
from django import forms
from django.urls import reverse
from django.utils import translation
from django.utils.formats import date_format

from tests.factories import MobilityFactory
from wegwijzer.audit.history import history
from wegwijzer.audit.models import Action, AuditEntry
from wegwijzer.audit.services import record
from wegwijzer.core.forms import DecimalInputField
from wegwijzer.funding.forms import RecordPaidForm
from wegwijzer.funding.models import GrantAgreement, MobilityGrant

DAY = datetime.date(2026, 10, 14)


@pytest.mark.parametrize(
    ("typed", "amount"),
    [
        ("1,5", "1.5"),
        ("1.5", "1.5"),
        ("1.234,50", "1234.50"),
        ("1234.50", "1234.50"),
        ("1,234.50", "1234.50"),
        ("€ 1 234,50", "1234.50"),
        ("1.234.567", "1234567"),
        (" 650 ", "650"),
    ],
)
@pytest.mark.parametrize("language", ["nl", "en"])
def test_decimal_input_takes_dutch_and_english_amounts_in_either_language(typed, amount, language):
    field = DecimalInputField(max_digits=10, decimal_places=2)

    with translation.override(language):
        cleaned = field.clean(typed)

    assert cleaned == Decimal(amount)


@pytest.mark.parametrize("typed", ["1,2,3", "1.23.4", "5,", "1e3", "NaN", "vijf", "12,34,5"])
def test_decimal_input_refuses_what_is_no_amount_with_a_dutch_message(typed):
    field = DecimalInputField(max_digits=10, decimal_places=2)

    with pytest.raises(forms.ValidationError) as refused:
        field.clean(typed)

    assert refused.value.messages == ["Vul een bedrag in, bijvoorbeeld 1234,50 of 1.234,50."]


def test_decimal_input_shows_an_amount_back_in_the_page_language():
    field = DecimalInputField(max_digits=10, decimal_places=2)

    with translation.override("nl"):
        dutch = field.widget.render("amount", Decimal("1232.80"))
    with translation.override("en"):
        english = field.widget.render("amount", Decimal("1232.80"))

    assert 'value="1232,80"' in dutch and 'inputmode="decimal"' in dutch
    assert 'value="1232.80"' in english


def test_payment_takes_a_dutch_amount_like_the_budget():
    form = RecordPaidForm({"paid_on": "2026-10-14", "amount": "1.234,50"})

    assert form.is_valid(), form.errors
    assert form.cleaned_data["amount"] == Decimal("1234.50")


def test_empty_dropdown_choice_speaks_the_page_language():
    class Form(forms.Form):
        agreement = forms.ModelChoiceField(queryset=GrantAgreement.objects.none())

    with translation.override("nl"):
        dutch = str(Form()["agreement"])
    with translation.override("en"):
        english = str(Form()["agreement"])

    assert "— Kies —" in dutch and "Select an option" not in dutch
    assert "— Choose —" in english


def test_dutch_dates_write_months_in_lower_case():
    with translation.override("nl"):
        assert date_format(DAY, "DATE_FORMAT") == "14 oktober 2026"
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "14 okt 2026"


def test_english_dates_put_the_day_before_the_month():
    with translation.override("en"):
        assert date_format(DAY, "DATE_FORMAT") == "14 October 2026"
        assert date_format(DAY, "SHORT_DATE_FORMAT") == "14 Oct 2026"
        assert date_format(datetime.date(2026, 12, 14), "SHORT_DATE_FORMAT") == "14 Dec 2026"


@pytest.fixture
def grant(db) -> MobilityGrant:
    agreement = GrantAgreement.objects.create(
        name="Accreditatie", project_number="2026-1-NL01-KA121-VET-000000001", call_year=2026,
        start=datetime.date(2026, 6, 1), end=datetime.date(2028, 5, 31), budget=1000,
    )  # fmt: skip
    return MobilityGrant.objects.create(
        mobility=MobilityFactory.create(), agreement=agreement, distance_km=1466,
        computed_total=1000, school_support=350, student_share=100,
    )  # fmt: skip


def shown(language: str) -> str:
    """The last history entry as a reader of `language` sees it."""
    with translation.override(language):
        row = history(AuditEntry.objects.all())[0]
        return " ".join(
            [
                str(translation.gettext(row.entry.object_label)),
                *(f"{label}: {before} → {after}" for label, before, after in row.changes),
            ]
        )


def test_history_names_a_grants_payments_in_the_readers_language(grant):
    record(
        by=None, action=Action.CHANGE, obj=grant, mobility=grant.mobility,
        changes={"payments": ("", "1: €650.00 2027-01-01")},
    )  # fmt: skip

    assert shown("nl") == "Erasmus+-beurs geplande betalingen:  → 1: €650.00 2027-01-01"
    assert shown("en") == "Erasmus+ grant planned payments:  → 1: €650.00 2027-01-01"


def test_history_names_a_related_list_by_its_model(grant):
    record(by=None, action=Action.CHANGE, obj=grant.mobility, changes={"incidents": ("0", "1")})

    assert shown("nl").endswith("incidenten: 0 → 1")
    assert shown("en").endswith("incidents: 0 → 1")


def test_password_page_says_je_not_u(client, coordinator):
    client.force_login(coordinator)

    page = client.get(reverse("password_change")).content.decode()

    assert "Je wachtwoord mag niet te veel op je andere persoonlijke gegevens lijken." in page
    assert "Uw wachtwoord" not in page
