"""Personal API tokens (knox), read without surprises for any header a client may send."""

import datetime
import re

from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from knox.auth import TokenAuthentication
from knox.settings import CONSTANTS, knox_settings
from rest_framework import exceptions

# knox makes tokens of hexadecimal digits (AUTH_TOKEN_CHARACTER_LENGTH of them) after an optional prefix.
_TOKEN = re.compile(rf"[A-Za-z0-9_-]{{0,{CONSTANTS.MAXIMUM_TOKEN_PREFIX_LENGTH}}}[0-9a-f]{{64}}")
# How stale "last used" may get before a request writes it again: reading must not cost a write each time.
LAST_USED_PRECISION = datetime.timedelta(minutes=5)


class PersonalTokenAuthentication(TokenAuthentication):
    """knox's TokenAuthentication, with four differences:

    - an Authorization header is a token or a 401: another scheme (`Bearer`, `Basic`), a bare token or
      an empty header is refused (`WWW-Authenticate: Token`) instead of being left aside, which would
      answer a client whose token is misconfigured with the public data as if nothing were wrong;
    - a token that is not the shape knox makes (bytes that are not UTF-8, a NUL, any length) is
      refused with 401 before it reaches a query, never a 500;
    - an expired token is refused without sweeping the holder's other tokens on every request
      (knox's cleanup costs a query per request; expired tokens are refused all the same);
    - the time a token was last used is kept, written at most every LAST_USED_PRECISION.
    """

    def authenticate(self, request):
        header = request.META.get("HTTP_AUTHORIZATION")
        if header is not None:
            words = header.split(maxsplit=1)
            scheme = words[0] if words else ""
            if scheme.lower() != knox_settings.AUTH_HEADER_PREFIX.lower():
                raise exceptions.AuthenticationFailed(
                    gettext(
                        "This Authorization header is no personal token: the API reads only "
                        "“Authorization: Token <token>”, with a token made at %(address)s."
                    )
                    % {"address": request.build_absolute_uri(reverse("opendata:token_list"))}
                )
        return super().authenticate(request)

    def authenticate_credentials(self, token: bytes):
        try:
            text = token.decode("ascii")
        except UnicodeDecodeError:
            raise exceptions.AuthenticationFailed(_("Invalid token.")) from None
        if not _TOKEN.fullmatch(text):
            raise exceptions.AuthenticationFailed(_("Invalid token."))
        return super().authenticate_credentials(text.encode("ascii"))

    def _cleanup_token(self, auth_token) -> bool:
        """True (skip it) when this token has expired."""
        return auth_token.expiry is not None and auth_token.expiry < timezone.now()

    def validate_user(self, auth_token):
        user, token = super().validate_user(auth_token)
        now = timezone.now()
        if token.last_used_at is None or now - token.last_used_at > LAST_USED_PRECISION:
            type(token).objects.filter(digest=token.digest).update(last_used_at=now)
            token.last_used_at = now
        return user, token

    def authenticate_header(self, request):
        return knox_settings.AUTH_HEADER_PREFIX
