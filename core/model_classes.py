"""The concrete models below an abstract base, for code that must reach every implementation."""

from django.db import models


def concrete_subclasses(base: type[models.Model]) -> list[type[models.Model]]:
    """Every concrete model, however deep below `base` (abstract intermediate classes are skipped)."""
    found, pending = [], list(base.__subclasses__())
    while pending:
        model = pending.pop()
        pending.extend(model.__subclasses__())
        if not model._meta.abstract:
            found.append(model)
    return found
