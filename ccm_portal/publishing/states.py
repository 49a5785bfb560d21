from django.db import models


class PublicationState(models.TextChoices):
    """Who may read a document: the workflow is internal → circulated → public."""

    INTERNAL = "internal", "Internal draft"
    CIRCULATED = "circulated", "Circulated to Friends for comments"
    PUBLIC = "public", "Published"
