import pytest
from django.core.exceptions import ValidationError
from django.urls import reverse
from django.utils import translation

from tests.factories import MobilityFactory, OwnTemplateItemFactory, ProgrammeFactory
from wegwijzer.audit.models import AuditEntry
from wegwijzer.mobilities.models import Outcome
from wegwijzer.programmes import services
from wegwijzer.programmes.models import ProgrammeItemSetting, TemplateItem
from wegwijzer.programmes.services import ItemAdjustment, template_for

pytestmark = pytest.mark.django_db

OPTIONAL = "orientation-benefits"
REQUIRED = "orientation-information"


def checklist_url(programme):
    return reverse("programmes:checklist", args=[programme.public_id])


def settings_data(client, programme, **overrides):
    """The settings form as the page shows it, with some fields changed."""
    form = client.get(checklist_url(programme)).context["form"]
    data = {}
    for name, field in form.fields.items():
        value = form.get_initial_for_field(field, name)
        if name.startswith("used-"):
            if value:
                data[name] = "on"
        else:
            data[name] = str(value)
    for name, value in overrides.items():
        if value is None:
            data.pop(name, None)
        else:
            data[name] = value
    return data


def item_data(**overrides):
    return {
        "step": "3",
        "title": "VCA safety certificate",
        "description": "Needed on every building site.",
        "owners": ["student", "coordinator"],
        "required": "on",
        "anchor": "departure",
        "offset_days": "-45",
        "condition": "",
    } | overrides


def keys(programme):
    return {effective.template_item.key for effective in template_for(programme)}


# The page


def test_checklist_page_shows_the_template_by_step_in_english(english, coordinator):
    programme = ProgrammeFactory.create()
    OwnTemplateItemFactory.create(programme=programme, title="Own safety briefing", step=4)
    english.force_login(coordinator)

    response = english.get(checklist_url(programme))

    content = response.content.decode()
    steps = [label for label, _rows in response.context["form"].steps()]
    assert steps == ["Orientation", "Decision", "Preparation", "Abroad", "Back home"]
    assert "Took part in information about going abroad" in content
    assert "Own safety briefing" in content
    assert "Always (required)" in content
    assert f'name="used-{OPTIONAL}"' in content and f'name="used-{REQUIRED}"' not in content


def test_checklist_page_translates_the_default_titles_into_dutch(client, coordinator):
    client.force_login(coordinator)

    content = client.get(checklist_url(ProgrammeFactory.create())).content.decode()

    assert "Voorlichting over naar het buitenland gaan gevolgd" in content


# Settings of default items


def test_switching_an_optional_item_off_takes_it_off_open_checklists(
    english, coordinator, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory.create()
    mobility = MobilityFactory.create(student__programme=programme)
    english.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(
            checklist_url(programme),
            settings_data(english, programme, **{f"used-{OPTIONAL}": None}),
            follow=True,
        )

    assert "1 item was changed." in response.content.decode()
    assert OPTIONAL not in keys(programme)
    assert not mobility.items.get(template_item__key=OPTIONAL).applicable


def test_moving_a_due_date_moves_it_on_open_checklists(
    english, coordinator, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory.create()
    mobility = MobilityFactory.create(student__programme=programme)
    english.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        english.post(
            checklist_url(programme),
            settings_data(english, programme, **{f"days-{REQUIRED}": "-100"}),
        )

    setting = ProgrammeItemSetting.objects.get(programme=programme)
    assert (setting.template_item.key, setting.enabled, setting.offset_days) == (
        REQUIRED, True, -100,
    )  # fmt: skip
    item = mobility.items.get(template_item__key=REQUIRED)
    assert (mobility.departure_date - item.due_date).days == 100
    assert AuditEntry.objects.get(action="change").changes == {"offset_days": ["-300", "-100"]}


def test_saving_the_page_unchanged_changes_nothing(english, coordinator):
    programme = ProgrammeFactory.create()
    english.force_login(coordinator)

    response = english.post(
        checklist_url(programme), settings_data(english, programme), follow=True
    )

    assert "0 items were changed." in response.content.decode()
    assert not ProgrammeItemSetting.objects.exists()


def test_a_required_item_stays_when_switching_it_off_is_asked(english, coordinator):
    programme = ProgrammeFactory.create()
    english.force_login(coordinator)

    english.post(
        checklist_url(programme),
        settings_data(english, programme) | {f"used-{REQUIRED}": ""},
    )

    assert REQUIRED in keys(programme)


def test_the_service_refuses_to_switch_a_required_item_off(coordinator):
    programme = ProgrammeFactory.create()
    required = TemplateItem.objects.get(key=REQUIRED)

    with (
        translation.override("en"),
        pytest.raises(ValidationError, match=r"A required item cannot be switched off\."),
    ):
        services.adjust_default_items(
            programme,
            by=coordinator,
            adjustments=[ItemAdjustment(required, enabled=False, offset_days=-300)],
        )

    assert not ProgrammeItemSetting.objects.exists()


def test_a_due_offset_that_is_not_a_number_is_refused(english, coordinator):
    programme = ProgrammeFactory.create()
    english.force_login(coordinator)

    response = english.post(
        checklist_url(programme),
        settings_data(english, programme, **{f"days-{REQUIRED}": "soon"}),
    )

    assert "Enter a whole number." in response.content.decode()
    assert "Nothing was saved yet" in response.content.decode()
    assert not ProgrammeItemSetting.objects.exists()


# The programme's own items


def test_adding_an_own_item_puts_it_on_open_checklists(
    english, coordinator, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory.create(qualification_code="25532")
    mobility = MobilityFactory.create(student__programme=programme)
    closed = MobilityFactory.create(student__programme=programme)
    closed.outcome = Outcome.CANCELLED
    closed.save(update_fields=["outcome"])
    english.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        response = english.post(
            reverse("programmes:item_create", args=[programme.public_id]),
            item_data(),
            follow=True,
        )

    item = TemplateItem.objects.get(programme=programme)
    assert item.key.startswith("25532-") and item.owners == ["student", "coordinator"]
    assert "“VCA safety certificate” was added." in response.content.decode()
    assert mobility.items.filter(template_item=item, step=3).exists()
    assert not closed.items.filter(template_item=item).exists()


def test_an_own_item_without_owners_is_refused(english, coordinator):
    programme = ProgrammeFactory.create()
    english.force_login(coordinator)

    response = english.post(
        reverse("programmes:item_create", args=[programme.public_id]), item_data(owners=[])
    )

    assert response.context["form"].errors["owners"] == ["This field is required."]
    assert not TemplateItem.objects.filter(programme=programme).exists()


def test_changing_an_own_items_condition_re_evaluates_open_checklists(
    english, coordinator, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory.create()
    item = OwnTemplateItemFactory.create(programme=programme)
    mobility = MobilityFactory.create(student__programme=programme)
    english.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        english.post(
            reverse("programmes:item_edit", args=[programme.public_id, item.key]),
            item_data(title=item.title, condition="exam_abroad"),
        )

    item.refresh_from_db()
    assert item.condition == "exam_abroad"
    assert not mobility.items.get(template_item=item).applicable


def test_another_programmes_item_cannot_be_edited_here(english, coordinator):
    programme = ProgrammeFactory.create()
    other = OwnTemplateItemFactory.create(title="Not this programme's")
    english.force_login(coordinator)

    response = english.post(
        reverse("programmes:item_edit", args=[programme.public_id, other.key]), item_data()
    )

    other.refresh_from_db()
    assert response.status_code == 404
    assert other.title == "Not this programme's"


def test_an_unused_own_item_is_removed_after_confirmation(english, coordinator):
    programme = ProgrammeFactory.create()
    item = OwnTemplateItemFactory.create(programme=programme, title="Old item")
    url = reverse("programmes:item_remove", args=[programme.public_id, item.key])
    english.force_login(coordinator)

    confirmation = english.get(url).content.decode()
    response = english.post(url, follow=True)

    assert "Remove “Old item” from the checklist template" in confirmation
    assert "“Old item” was removed." in response.content.decode()
    assert not TemplateItem.objects.filter(pk=item.pk).exists()
    assert AuditEntry.objects.filter(action="delete", object_label__endswith="Old item").exists()


def test_an_own_item_on_a_checklist_is_not_removed(english, coordinator):
    programme = ProgrammeFactory.create()
    item = OwnTemplateItemFactory.create(programme=programme, title="Used item")
    MobilityFactory.create(student__programme=programme)
    english.force_login(coordinator)

    response = english.post(
        reverse("programmes:item_remove", args=[programme.public_id, item.key]),
        follow=True,
    )

    assert "“Used item” is on the checklist of 1 mobility, so it cannot be removed." in (
        response.content.decode()
    )
    assert TemplateItem.objects.filter(pk=item.pk).exists()
    assert not AuditEntry.objects.filter(action="delete").exists()


@pytest.mark.parametrize("role", ["supervisor", "mentor", "student"])
def test_only_coordinators_change_a_template(client, request, role):
    programme = ProgrammeFactory.create()
    item = OwnTemplateItemFactory.create(programme=programme, title="Kept")
    client.force_login(request.getfixturevalue(role))

    edited = client.post(
        reverse("programmes:item_edit", args=[programme.public_id, item.key]), item_data()
    )
    removed = client.post(reverse("programmes:item_remove", args=[programme.public_id, item.key]))

    item.refresh_from_db()
    assert edited.status_code == removed.status_code == 403
    assert item.title == "Kept"


# Who at school checks an item (school checks)


def test_coordinator_sets_who_checks_an_own_item(client, coordinator):
    programme = ProgrammeFactory.create()
    client.force_login(coordinator)

    form = client.get(reverse("programmes:item_create", args=[programme.public_id]))
    client.post(
        reverse("programmes:item_create", args=[programme.public_id]),
        item_data(checker="supervisor"),
    )

    assert "Controle door de school" in form.content.decode()
    assert TemplateItem.objects.get(programme=programme).checker == "supervisor"


def test_coordinator_changes_who_checks_an_own_item_and_new_checklists_follow(
    client, coordinator, django_capture_on_commit_callbacks
):
    programme = ProgrammeFactory.create()
    item = OwnTemplateItemFactory.create(programme=programme)
    client.force_login(coordinator)

    with django_capture_on_commit_callbacks(execute=True):
        client.post(
            reverse("programmes:item_edit", args=[programme.public_id, item.key]),
            item_data(title=item.title, checker="coordinator"),
        )
    mobility = MobilityFactory.create(student__programme=programme)

    item.refresh_from_db()
    assert item.checker == "coordinator"
    assert mobility.items.get(template_item=item).checker == "coordinator"


def test_a_checker_that_is_no_role_is_refused(english, coordinator):
    programme = ProgrammeFactory.create()
    english.force_login(coordinator)

    response = english.post(
        reverse("programmes:item_create", args=[programme.public_id]),
        item_data(checker="mentor"),
    )

    assert "Select a valid choice." in response.content.decode()
    assert not TemplateItem.objects.filter(programme=programme).exists()


def test_the_template_page_says_who_checks_each_item(client, coordinator):
    programme = ProgrammeFactory.create()
    client.force_login(coordinator)

    content = client.get(checklist_url(programme)).content.decode()

    row = content[content.index("Begroting van de verwachte kosten gemaakt") :]
    assert "Controle door" in content
    assert 'data-label="Controle door">stagebegeleider</td>' in row[: row.index("</tr>")]


def test_texts_of_earlier_checklists_stay_translated():
    # Items made from an earlier checklist keep its text and show it in Dutch.
    from django.utils import translation

    from wegwijzer.programmes.default_checklist import FORMER_TEXTS

    with translation.override("nl"):
        assert all(translation.gettext(text) != text for text in FORMER_TEXTS)
