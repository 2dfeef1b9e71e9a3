import uuid

from django.db import models


class PublicIdModel(models.Model):
    """Objects are addressed in URLs by an opaque UUID, never by their counter."""

    public_id = models.UUIDField(default=uuid.uuid4, unique=True, editable=False)

    class Meta:
        abstract = True
