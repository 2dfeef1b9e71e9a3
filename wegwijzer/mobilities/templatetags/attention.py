from django import template

from wegwijzer.programmes.models import Owner

register = template.Library()


@register.filter
def owner_labels(owners: list[str] | None) -> str:
    """The owners of a checklist item written out in the reader's language: "student, host
    company"."""
    return ", ".join(str(Owner(owner).label) for owner in owners or [])
