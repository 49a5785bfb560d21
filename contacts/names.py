"""Given and family names from a name as a list writes it ("John Mac Bride")."""

# Words that belong to the family name that follows them: "Mac Bride", "van der Berg",
# "de la Cruz", "bin Ali", "al- Hassan". Compared without case and without a trailing
# hyphen or apostrophe.
FAMILY_NAME_PARTICLES = frozenset(
    {
        "mac", "mc", "van", "von", "der", "den", "ter", "ten", "de", "des", "du", "da", "das", "do", "dos",
        "del", "della", "di", "le", "la", "les", "bin", "binti", "ibn", "bint", "al", "el", "st", "st.",
    }
)  # fmt: skip


def name_split(name: str) -> tuple[str, str]:
    """(given, family): the family name is the last word with the particles before it.

    At least one word stays the given name ("Le Anh" is given "Le", family "Anh");
    a single word is a family name. Names written family name first cannot be told
    apart from the text: staff correct those in the admin.
    """
    words = name.split()
    if len(words) < 2:
        return "", " ".join(words)
    start = len(words) - 1
    while start > 1 and words[start - 1].lower().rstrip("-'’") in FAMILY_NAME_PARTICLES:
        start -= 1
    return " ".join(words[:start]), " ".join(words[start:])
