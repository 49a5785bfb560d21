"""Personal API tokens: made and revoked by their holder on the settings page."""

import uuid

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db import transaction
from django.utils.translation import gettext

from opendata.models import ApiToken

# Enough for every script a reader runs; a page of tokens stays short.
TOKENS_PER_ACCOUNT = 20


@transaction.atomic
def api_token_create(*, user, name: str) -> tuple[ApiToken, str]:
    """A new token for `user`, and the token itself: shown once, only its digest is kept."""
    get_user_model().objects.select_for_update().filter(pk=user.pk).first()  # one account's requests one at a time
    if ApiToken.objects.filter(user=user).count() >= TOKENS_PER_ACCOUNT:
        raise ValidationError(
            gettext("You have %(count)d tokens already: revoke one you no longer use first.")
            % {"count": TOKENS_PER_ACCOUNT}
        )
    token = ApiToken(name=name)
    token.full_clean(exclude=["digest", "token_key", "user"])
    return ApiToken.objects.create(user=user, name=name)


@transaction.atomic
def api_token_revoke(*, user, uid: uuid.UUID) -> bool:
    """Revoke the holder's own token `uid`: False when they hold none of that id (someone else's included)."""
    deleted, _per_model = ApiToken.objects.filter(user=user, uid=uid).delete()
    return bool(deleted)
