from django.db.models import QuerySet

from opendata.models import ApiToken, PublicExport


def api_tokens_of(user) -> QuerySet[ApiToken]:
    """The account's own tokens, newest first: never their digests' or keys' use beyond the page."""
    return ApiToken.objects.filter(user=user).only("uid", "name", "created", "expiry", "last_used_at", "user_id")


def latest_public_export() -> PublicExport | None:
    return PublicExport.objects.order_by("-created_at", "-pk").first()
