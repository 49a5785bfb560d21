"""Names offered for downloads: built from what a document is, never from what a user typed as a file name."""


def safe_file_stem(text: str, *, fallback: str = "document") -> str:
    """ASCII letters, digits and dots, other runs turned into one dash, at most 80 characters.

    "CCM/MSP/2011/WP.3" → "CCM-MSP-2011-WP.3"; "Jörg's paper" → "J-rg-s-paper".
    """
    safe = "".join(char if char.isascii() and (char.isalnum() or char == ".") else "-" for char in text)
    return "-".join(part for part in safe.split("-") if part)[:80].rstrip("-.") or fallback
