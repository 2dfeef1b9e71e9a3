from django import template

from wegwijzer.programmes import models

register = template.Library()


@register.filter
def owner_labels(owners: list[str] | None) -> str:
    """The owners of a checklist item written out in the reader's language: "student, host
    company"."""
    return ", ".join(models.owner_labels(owners))
