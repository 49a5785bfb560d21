"""Public text never shows a person's e-mail address that the portal keeps (README: privacy)."""

import html
import re
from urllib.parse import unquote

from django.contrib.auth import get_user_model
from django.core.exceptions import ValidationError
from django.db.models.functions import Lower
from django.utils.translation import gettext_lazy as _

from contacts.models import EmailAddress

# What looks like an address in typed text (the part after "mailto:" included).
ADDRESS = re.compile(r"[A-Za-z0-9._%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}")


def personal_addresses_in(text: str) -> list[str]:
    """The addresses in `text` that belong to a person on the contact list or to an account, as the page
    would show them: character references (&#64;) and percent-escapes (mailto:a%40b.org) read first."""
    shown = html.unescape(unquote(text or ""))
    typed = {address.lower(): address for address in ADDRESS.findall(shown)}
    if not typed:
        return []
    known = set(
        EmailAddress.objects.annotate(lower=Lower("address")).filter(lower__in=typed).values_list("lower", flat=True)
    )
    known |= set(
        get_user_model().objects.annotate(lower=Lower("email")).filter(lower__in=typed).values_list("lower", flat=True)
    )
    return [address for lower, address in typed.items() if lower in known]


def validate_no_personal_address(text: str) -> None:
    """For text anyone may read (a working group's pages and updates, which coordinators write): an
    address of the Friends' contact list, or of an account, is refused by name. An office's address
    that no person holds (a support unit's, say) may be given, as a mailto link too."""
    found = personal_addresses_in(text)
    if found:
        raise ValidationError(
            _("Remove %(addresses)s: it is the e-mail address of a person the portal knows, and this text is public."),
            code="personal_address",
            params={"addresses": ", ".join(found)},
        )
