from dataclasses import dataclass

from django.db.models import Q

from wegwijzer.programmes.models import Programme, ProgrammeItemSetting, TemplateItem


@dataclass(frozen=True)
class EffectiveItem:
    """A template item as it applies to one programme, with the programme's own due offset."""

    template_item: TemplateItem
    offset_days: int


def template_for(programme: Programme) -> list[EffectiveItem]:
    """The checklist template of a programme: the school's default items, less the ones the
    programme switched off, with its own due offsets, plus the programme's own items."""
    settings = {
        setting.template_item_id: setting
        for setting in ProgrammeItemSetting.objects.filter(programme=programme)
    }
    items = TemplateItem.objects.filter(Q(programme=None) | Q(programme=programme))
    effective = []
    for item in items:
        setting = settings.get(item.pk)
        if setting and not setting.enabled and not item.required:
            continue
        offset = setting.offset_days if setting and setting.offset_days is not None else None
        effective.append(EffectiveItem(item, item.offset_days if offset is None else offset))
    return effective
