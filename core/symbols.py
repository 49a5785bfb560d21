"""United Nations-style document symbols: CCM/MSP/2011/WP.3, /Rev.1, /Amend.1."""

import re
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.utils.translation import gettext

SYMBOL_PATTERN = re.compile(
    r"^(?P<base>[A-Z][A-Z0-9.]*(?:/(?!Rev\.|Amend\.)[A-Za-z0-9.]+)+)"
    r"(?:/Rev\.(?P<revision>[1-9][0-9]*))?"
    r"(?:/Amend\.(?P<amendment>[1-9][0-9]*))?$"
)


@dataclass(frozen=True)
class Symbol:
    base: str
    revision: int
    amendment: int


def parse_symbol(text: str) -> Symbol:
    match = SYMBOL_PATTERN.match(text)
    if match is None:
        raise ValueError(text)
    return Symbol(
        base=match["base"],
        revision=int(match["revision"] or 0),
        amendment=int(match["amendment"] or 0),
    )


def validate_symbol(value: str) -> None:
    try:
        parse_symbol(value)
    except ValueError:
        raise ValidationError(
            gettext(
                '"%(value)s" is not a document symbol. Write it as CCM/MSP/2011/WP.3, '
                "adding /Rev.1 for a revision and /Amend.1 for an amendment."
            ),
            params={"value": value},
            code="invalid_symbol",
        ) from None
