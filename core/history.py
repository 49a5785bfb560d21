"""Writes that django-simple-history records with who made them.

In a request the history middleware knows the user; services are also called
from commands, tasks and tests, so they name the user themselves.
"""

from django.db import models


def save_as(instance: models.Model, *, by, reason: str = "", **save_kwargs) -> None:
    instance._history_user = by
    instance._change_reason = reason or None
    instance.save(**save_kwargs)


def delete_as(instance: models.Model, *, by) -> None:
    instance._history_user = by
    instance.delete()
