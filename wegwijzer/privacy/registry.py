"""Where the personal data about a student is, for the export and the erasure.

Both walk the relations *into* a student generically: every model with a foreign key to
Student or to Mobility (and onwards, to those models' rows) is found without being listed
here. By default the erasure deletes the rows of such a model: a new app that keeps
something about a student's stay (links sent to a host, with recipients' names, e-mail
and IP addresses) is erased without further work.

A model whose rows must stay for the school's counts is registered in KEPT with the fields
that are not personal; the erasure keeps those and empties every other text field of the
row. Register there only what is anonymous on its own.
"""

from django.db import models

from wegwijzer.audit.models import AuditEntry
from wegwijzer.funding.models import MobilityGrant, Payment
from wegwijzer.links.models import SignedLink
from wegwijzer.mobilities.models import ChecklistItem, Decision, Mobility
from wegwijzer.students.models import Student

# Rows kept at erasure, with the text fields that stay as they are; the others are emptied.
KEPT: dict[type[models.Model], frozenset[str]] = {
    # The student row itself stays (with placeholders) for the counts; see erasure.py.
    Student: frozenset(),
    Mobility: frozenset({"type", "destination_country", "destination_city", "funding", "outcome"}),
    ChecklistItem: frozenset({"title", "description", "owners", "status"}),
    Decision: frozenset({"decision"}),
    # A link's answers are first reduced by links.services.scrub_student_links to what a
    # host company said about welcoming more students; the hash of a used token stays unique.
    SignedLink: frozenset({"purpose", "token_hash", "answers"}),
    # The grant's amounts and facts count in the school's Erasmus+ totals; the reason for a
    # total set by hand may say something about the student, and is emptied.
    MobilityGrant: frozenset(),
    # What was paid to the student and when counts for the school's books; a note on a
    # payment may say something about the student, and is emptied.
    Payment: frozenset({"moment"}),
    # Who did what, stripped of labels, values and notes; the actor's name stays only when
    # it was not the student (erasure.py clears that too).
    AuditEntry: frozenset({"action", "object_type", "object_id", "actor_label"}),
}

# Text-like fields: what the erasure empties in a kept row (an IP address too).
TEXT_FIELDS = (models.CharField, models.TextField, models.JSONField, models.GenericIPAddressField)


def children(obj: models.Model) -> list[tuple[str, models.QuerySet[models.Model]]]:
    """Each kind of row that points at obj by a foreign key, as (name, rows)."""
    found = []
    for relation in obj._meta.get_fields(include_hidden=True):
        if not isinstance(relation, models.ForeignObjectRel) or relation.many_to_many:
            continue
        related = relation.related_model
        assert isinstance(related, type)  # noqa: S101 - a real model, never a string here
        rows = related._default_manager.filter(**{relation.field.name: obj})
        name = relation.get_accessor_name() or related._meta.label_lower
        found.append((name, rows))
    return found
