"""The French and Spanish catalogues: complete, well-formed, in step with the source, and active.

Every .po file in the repository (the templates' catalogue in locale/, each app's Python
strings in <app>/locale/) is checked the way a translator's review would: nothing left
untranslated, fuzzy or obsolete, an English sentence never passed off as its translation,
and `msgfmt --check` happy with the placeholders. The source is then extracted again, as
makemessages does it (templates through Django's templatize, Python through xgettext with
Django's keywords), and every msgid it finds must be in its catalogue. No database needed.
"""

import shutil
import subprocess
from pathlib import Path

import polib
import pytest
from django.template import Context, Template
from django.utils import translation
from django.utils.translation.template import templatize

ROOT = Path(__file__).resolve().parent.parent
LANGUAGES = ("fr", "es")
# Where makemessages never looks (and the tests' own strings are not the portal's).
SKIPPED_DIRS = {".venv", ".git", "node_modules", "tests", "bench", "static", "media", "staticfiles"}
MSGFMT = shutil.which("msgfmt")
# xgettext's options as Django's makemessages passes them for Python (and templatized templates).
XGETTEXT = [
    shutil.which("xgettext") or "xgettext",
    "--language=Python",
    "--from-code=UTF-8",
    "--keyword=gettext_noop",
    "--keyword=gettext_lazy",
    "--keyword=ngettext_lazy:1,2",
    "--keyword=pgettext:1c,2",
    "--keyword=npgettext:1c,2,3",
    "--keyword=pgettext_lazy:1c,2",
    "--keyword=npgettext_lazy:1c,2,3",
    "--output=-",
]

pytestmark = pytest.mark.skipif(not MSGFMT, reason="gettext is not installed (bin/system-packages)")


def _walk(directory: Path):
    for path in sorted(directory.iterdir()):
        if path.name in SKIPPED_DIRS or path.name.startswith("."):
            continue
        if path.is_dir():
            yield from _walk(path)
        else:
            yield path


def catalogue_dirs() -> list[Path]:
    """Every locale/ directory of the project: the root one and each app's."""
    return sorted({path.parent.parent.parent for path in _walk(ROOT) if path.name == "django.po"})


def po_files() -> list[Path]:
    return [
        directory / language / "LC_MESSAGES" / "django.po" for directory in catalogue_dirs() for language in LANGUAGES
    ]


def _label(path: Path) -> str:
    return str(path.relative_to(ROOT))


def _entry_label(entry: polib.POEntry) -> str:
    return f"{entry.msgctxt}|{entry.msgid}" if entry.msgctxt else entry.msgid


def test_every_catalogue_exists_in_both_languages():
    assert (ROOT / "locale") in catalogue_dirs(), "the templates' catalogue (locale/) is missing"
    missing = [_label(path) for path in po_files() if not path.exists()]
    assert not missing, f"catalogues missing for a language: {missing}"


@pytest.mark.parametrize("po_path", po_files(), ids=_label)
def test_catalogue_is_complete(po_path: Path):
    catalogue = polib.pofile(str(po_path))
    untranslated = [_entry_label(entry) for entry in catalogue.untranslated_entries()]
    fuzzy = [_entry_label(entry) for entry in catalogue.fuzzy_entries()]
    obsolete = [_entry_label(entry) for entry in catalogue.obsolete_entries()]
    # A sentence left in English is an untranslated entry in disguise (short words such as
    # "Original" or "Notes" may rightly be the same in French or Spanish).
    english = [
        _entry_label(entry)
        for entry in catalogue.translated_entries()
        if len(entry.msgid.split()) >= 4 and (entry.msgstr == entry.msgid or entry.msgstr_plural.get(0) == entry.msgid)
    ]
    assert not untranslated, f"{_label(po_path)}: untranslated: {untranslated}"
    assert not fuzzy, f"{_label(po_path)}: fuzzy: {fuzzy}"
    assert not obsolete, f"{_label(po_path)}: obsolete (run makemessages with --no-obsolete): {obsolete}"
    assert not english, f"{_label(po_path)}: translation identical to the English: {english}"


@pytest.mark.parametrize("po_path", po_files(), ids=_label)
def test_catalogue_compiles_with_its_placeholders(po_path: Path):
    result = subprocess.run(
        [MSGFMT, "--check", "--output-file=/dev/null", str(po_path)], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, f"{_label(po_path)}: msgfmt --check:\n{result.stderr}"


def _catalogue_for(path: Path) -> Path:
    """The catalogue makemessages writes a file's strings to: the nearest enclosing locale/, else the root one."""
    for directory in path.parents:
        if (directory / "locale").is_dir():
            return directory / "locale"
        if directory == ROOT:
            break
    return ROOT / "locale"


def _extract(paths: list[Path], workdir: Path) -> set[tuple[str | None, str]]:
    """The (context, msgid) pairs xgettext finds in these files, templates templatized first."""
    sources = []
    for number, path in enumerate(paths):
        if path.suffix == ".py":
            sources.append(str(path))
        else:
            python = workdir / f"{number}.py"
            python.write_text(templatize(path.read_text(encoding="utf-8"), origin=str(path)), encoding="utf-8")
            sources.append(str(python))
    result = subprocess.run([*XGETTEXT, *sources], capture_output=True, text=True, check=True)
    return {(entry.msgctxt, entry.msgid) for entry in polib.pofile(result.stdout) if entry.msgid}


def test_catalogues_are_up_to_date_with_the_source(tmp_path: Path):
    """makemessages would add nothing: every msgid of the templates and apps is in its catalogue."""
    by_catalogue: dict[Path, list[Path]] = {}
    for path in _walk(ROOT):
        parts = path.relative_to(ROOT).parts
        if path.suffix == ".py" and len(parts) > 1:
            # An app's Python strings go to its own catalogue, <app>/locale/ (the root one is the templates').
            by_catalogue.setdefault(ROOT / parts[0] / "locale", []).append(path)
        elif path.suffix in (".html", ".txt") and len(parts) > 1:
            by_catalogue.setdefault(_catalogue_for(path), []).append(path)
    assert ROOT / "locale" in by_catalogue, "no template strings found"
    problems = []
    for number, (catalogue, paths) in enumerate(sorted(by_catalogue.items())):
        workdir = tmp_path / str(number)
        workdir.mkdir()
        in_source = _extract(paths, workdir)
        for language in LANGUAGES:
            po_path = catalogue / language / "LC_MESSAGES" / "django.po"
            if not in_source:
                continue
            if not po_path.exists():
                problems.append(f"{_label(po_path)} is missing; the source has {len(in_source)} msgids for it")
                continue
            in_catalogue = {(entry.msgctxt, entry.msgid) for entry in polib.pofile(str(po_path)) if not entry.obsolete}
            missing = sorted(in_source - in_catalogue, key=str)
            if missing:
                problems.append(f"{_label(po_path)} lacks {len(missing)}: {missing}")
    assert not problems, (
        "catalogues behind the source; extract and translate. The templates' (locale/), from the repository's root: "
        "manage.py makemessages -l fr -l es -i '*.py' -i .venv --no-obsolete; an app's (<app>/locale/), "
        "from the app's folder: django-admin makemessages -l fr -l es --no-obsolete\n" + "\n".join(problems)
    )


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("fr", ["Réunions", "Procès-verbaux", "Rechercher", "Convention sur les armes à sous-munitions", "3 sections"]),
        ("es", ["Reuniones", "Actas", "Buscar", "Convención sobre Municiones en Racimo", "3 secciones"]),
    ],
)
def test_french_and_spanish_are_active(language: str, expected: list[str]):
    """The compiled catalogues are found: the interface's words come out in the language asked for."""
    assert list(ROOT.glob(f"locale/{language}/LC_MESSAGES/django.mo")), "compile the catalogues: bin/setup-venv"
    template = Template(
        "{% load i18n %}"
        '{% translate "Meetings" %}|{% translate "Minutes" %}|{% translate "Search" context "button" %}|'
        '{% translate "Convention on Cluster Munitions" %}|'
        "{% blocktranslate count changes=3 %}{{ changes }} section changed, added, removed or moved."
        "{% plural %}{{ changes }} sections changed, added, removed or moved.{% endblocktranslate %}"
    )
    with translation.override(language):
        rendered = template.render(Context())
    for words in expected:
        assert words in rendered
    with translation.override("en"):
        assert template.render(Context()).startswith(
            "Meetings|Minutes|Search|Convention on Cluster Munitions|3 sections"
        )
