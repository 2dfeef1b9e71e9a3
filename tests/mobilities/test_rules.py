import datetime

import pytest

from tests.factories import MobilityFactory, ProgrammeFactory, StudentFactory
from wegwijzer.mobilities import services
from wegwijzer.mobilities.models import Funding, ItemStatus
from wegwijzer.programmes.default_checklist import DEFAULT_CHECKLIST
from wegwijzer.programmes.models import ProgrammeItemSetting, TemplateItem

pytestmark = pytest.mark.django_db

DEPARTURE = datetime.date(2027, 3, 1)
RETURN = datetime.date(2027, 5, 31)
# Far enough ahead that no due date is moved to the stay's creation plus the grace period.
FAR_DEPARTURE = datetime.date.today() + datetime.timedelta(days=400)
FAR_RETURN = FAR_DEPARTURE + datetime.timedelta(days=91)
CONDITIONAL_KEYS = {item["key"] for item in DEFAULT_CHECKLIST if item["condition"]}


def keys(mobility, **filters) -> set[str]:
    return set(mobility.items.filter(**filters).values_list("template_item__key", flat=True))


def test_default_template_holds_every_item_of_the_guide():
    assert TemplateItem.objects.filter(programme=None).count() == len(DEFAULT_CHECKLIST) == 45
    assert set(TemplateItem.objects.values_list("step", flat=True)) == {1, 2, 3, 4, 5}


def test_adult_within_europe_without_erasmus_gets_only_the_european_items():
    student = StudentFactory.create(date_of_birth=datetime.date(2000, 1, 1))

    mobility = MobilityFactory.create(student=student, departure_date=DEPARTURE, return_date=RETURN)

    unconditional = {item["key"] for item in DEFAULT_CHECKLIST} - CONDITIONAL_KEYS
    assert keys(mobility) == unconditional | {"preparation-ehic"}


def test_the_health_insurance_card_applies_only_within_europe():
    inside = MobilityFactory.create(destination_country="ES", destination_city="Valencia")
    outside = MobilityFactory.create(destination_country="ZA", destination_city="Cape Town")

    assert "preparation-ehic" in keys(inside)
    assert "preparation-ehic" not in keys(outside)


def test_the_migrated_template_is_the_default_checklist():
    stored = {
        item.key: (item.step, item.owners, item.required, item.offset_days, item.condition,
                   item.checker, item.title)
        for item in TemplateItem.objects.filter(programme=None)
    }  # fmt: skip

    assert stored == {
        data["key"]: (data["step"], data["owners"], data["required"], data["offset_days"],
                      data["condition"], data["checker"], data["title"])
        for data in DEFAULT_CHECKLIST
    }  # fmt: skip


def test_evidence_items_are_checked_by_the_school():
    checked = {item["key"]: item["checker"] for item in DEFAULT_CHECKLIST if item["checker"]}

    assert checked == {
        "decision-guardian-consent": "coordinator",
        "preparation-visa": "coordinator",
        "preparation-work-permit": "coordinator",
        "preparation-id-document": "coordinator",
        "preparation-insurance": "coordinator",
        "preparation-budget": "supervisor",
        "preparation-placement-agreement": "coordinator",
        "preparation-europass-cv": "supervisor",
    }
    mobility = MobilityFactory.create()
    assert mobility.items.get(template_item__key="preparation-insurance").checker == "coordinator"


@pytest.mark.parametrize(
    ("birthday", "needs_consent"),
    [
        (datetime.date(2009, 3, 1), False),  # turns 18 exactly on the departure date
        (datetime.date(2009, 3, 2), True),  # turns 18 the day after
        (datetime.date(2009, 2, 28), False),
    ],
)
def test_guardian_consent_applies_while_under_18_on_departure(birthday, needs_consent):
    student = StudentFactory.create(date_of_birth=birthday)

    mobility = MobilityFactory.create(student=student, departure_date=DEPARTURE, return_date=RETURN)

    assert ("decision-guardian-consent" in keys(mobility)) is needs_consent


def test_outside_europe_brings_visa_and_work_permit():
    mobility = MobilityFactory.create(
        destination_country="ZA", destination_city="Cape Town",
        departure_date=DEPARTURE, return_date=RETURN,
    )  # fmt: skip

    assert {"preparation-visa", "preparation-work-permit"} <= keys(mobility)


@pytest.mark.parametrize("country", ["NO", "CH", "IS", "DE"])
def test_eea_and_switzerland_need_no_visa(country):
    mobility = MobilityFactory.create(destination_country=country)

    assert "preparation-visa" not in keys(mobility)


def test_erasmus_and_exam_abroad_and_extension_bring_their_items():
    mobility = MobilityFactory.create(funding=Funding.ERASMUS, exam_abroad=True, extended=True)

    assert {
        "preparation-erasmus-documents", "back-participant-report",
        "preparation-exam-abroad-quality", "abroad-extension",
    } <= keys(mobility)  # fmt: skip


def test_due_dates_follow_departure_and_return():
    mobility = MobilityFactory.create(departure_date=FAR_DEPARTURE, return_date=FAR_RETURN)

    budget = mobility.items.get(template_item__key="preparation-budget")
    reflection = mobility.items.get(template_item__key="back-reflection")

    assert budget.due_date == FAR_DEPARTURE - datetime.timedelta(days=90)
    assert reflection.due_date == FAR_RETURN + datetime.timedelta(days=30)


def test_programme_can_switch_off_optional_items_and_move_due_dates():
    programme = ProgrammeFactory.create()
    isic = TemplateItem.objects.get(key="preparation-isic")
    budget = TemplateItem.objects.get(key="preparation-budget")
    ProgrammeItemSetting.objects.create(programme=programme, template_item=isic, enabled=False)
    ProgrammeItemSetting.objects.create(programme=programme, template_item=budget, offset_days=-120)
    student = StudentFactory.create(programme=programme)

    mobility = MobilityFactory.create(
        student=student, departure_date=FAR_DEPARTURE, return_date=FAR_RETURN
    )

    assert "preparation-isic" not in keys(mobility)
    due = mobility.items.get(template_item=budget).due_date
    assert due == FAR_DEPARTURE - datetime.timedelta(120)


def test_programme_cannot_switch_off_a_required_item():
    programme = ProgrammeFactory.create()
    budget = TemplateItem.objects.get(key="preparation-budget")
    ProgrammeItemSetting.objects.create(programme=programme, template_item=budget, enabled=False)

    mobility = MobilityFactory.create(student=StudentFactory.create(programme=programme))

    assert "preparation-budget" in keys(mobility)


def test_programme_own_items_are_added():
    programme = ProgrammeFactory.create()
    TemplateItem.objects.create(
        programme=programme, key="own-vca", step=3, title="VCA certificate", owners=["student"],
        anchor="departure", offset_days=-45,
    )  # fmt: skip

    mobility = MobilityFactory.create(student=StudentFactory.create(programme=programme))
    other = MobilityFactory.create()

    assert "own-vca" in keys(mobility)
    assert "own-vca" not in keys(other)


def test_changing_facts_reevaluates_and_keeps_done_work(coordinator):
    mobility = MobilityFactory.create(destination_country="ZA", destination_city="Cape Town")
    visa = mobility.items.get(template_item__key="preparation-visa")
    services.complete_item(
        visa, by=coordinator, version=visa.version, done_on=datetime.date(2026, 1, 5), note="ok"
    )

    services.update_mobility(
        mobility, by=coordinator, version=None,
        changes={"destination_country": "ES", "destination_city": "Valencia",
                 "funding": Funding.ERASMUS},
    )  # fmt: skip

    visa.refresh_from_db()
    assert visa.applicable is False
    assert visa.status == ItemStatus.DONE and visa.note == "ok"
    assert "preparation-erasmus-documents" in keys(mobility, applicable=True)

    services.update_mobility(
        mobility, by=coordinator, version=None, changes={"destination_country": "US"}
    )

    visa.refresh_from_db()
    assert visa.applicable is True and visa.status == ItemStatus.DONE


def test_moving_the_departure_moves_open_due_dates(coordinator):
    mobility = MobilityFactory.create(departure_date=DEPARTURE, return_date=RETURN)
    later = DEPARTURE + datetime.timedelta(days=30)

    services.update_mobility(
        mobility, by=coordinator, version=None,
        changes={"departure_date": later, "return_date": RETURN + datetime.timedelta(30)},
    )  # fmt: skip

    housing = mobility.items.get(template_item__key="preparation-housing")
    assert housing.due_date == later - datetime.timedelta(days=30)
