"""Full-text search over everything published: PostgreSQL ranking and snippets, a plain fallback elsewhere."""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, Q, Value, When
from django.utils import translation
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

from publishing.models import PublishedVersion
from publishing.selectors import documents_prefetch

# PostgreSQL's text-search configuration for each language: its stemming and stop words.
# A version is indexed with its own language's, and a query is matched against it in that language.
# Each is PostgreSQL's own with `unaccent` before the stemmer, so "reunion" finds "réunion"
# (migration 0010).
SEARCH_CONFIGS = {"en": "portal_english", "fr": "portal_french", "es": "portal_spanish"}
# Control characters cannot occur in document text: they mark a hit until the
# snippet has been escaped, then become <mark>.
_START, _STOP = "\x02", "\x03"


@dataclass
class SearchHit:
    version: PublishedVersion
    snippet: SafeString


def search_config(language: str) -> str:
    """The text-search configuration for a language code ("fr", "fr-ch"); "simple" (no stemming) for others."""
    return SEARCH_CONFIGS.get((language or "").split("-")[0], "simple")


def weighted_search_vector(config: str):
    """What a version's `search_vector` holds: its title weighs more than its text."""
    return SearchVector("title", weight="A", config=config) + SearchVector("search_text", weight="B", config=config)


def version_index(version: PublishedVersion) -> None:
    """Store the version's search vector in its language (PostgreSQL); the text is frozen, so this runs once."""
    if connection.vendor == "postgresql":
        PublishedVersion.in_all_languages.filter(pk=version.pk).update(
            search_vector=weighted_search_vector(search_config(version.language))
        )


def searchable_versions():
    """The current public text of every public document, in every language it has: the latest
    published version and the current language versions of it."""
    return PublishedVersion.in_all_languages.filter(
        kind=PublishedVersion.Kind.PUBLISHED, withdrawn_at__isnull=True
    ).filter(
        Q(translation_of__isnull=True, superseded_at__isnull=True)
        | Q(
            translation_of__isnull=False,
            superseded_at__isnull=True,
            translation_of__superseded_at__isnull=True,
            translation_of__withdrawn_at__isnull=True,
        )
    )


PAGE_SIZE = 20


def search_published(
    query: str, *, page: int = 1, limit: int = PAGE_SIZE, language: str | None = None
) -> list[SearchHit]:
    """One page of hits, best first, in every language: each version's text is matched with its
    own language's stemming; among equally good hits, those in `language` (default: the reader's)
    come first. Ask for limit+1 to learn whether there is a next page."""
    query = query.strip()
    if not query:
        return []
    offset = (page - 1) * PAGE_SIZE
    versions = searchable_versions().prefetch_related(documents_prefetch())
    if connection.vendor == "postgresql":
        return _postgres_search(versions, query, offset, limit, language or translation.get_language() or "en")
    return _plain_search(versions, query, offset, limit)


def _in_each_language(expression) -> Case:
    """`expression(config, query)` for each row with its own language's configuration and query."""
    return Case(*[When(language=code, then=expression(config)) for code, config in SEARCH_CONFIGS.items()])


def _postgres_search(versions, query, offset, limit, reader_language):
    queries = {config: SearchQuery(query, search_type="websearch", config=config) for config in SEARCH_CONFIGS.values()}
    matches = Q()
    for code, config in SEARCH_CONFIGS.items():
        matches |= Q(language=code, search_vector=queries[config])
    # Rank on the stored vector (GIN index), then make snippets for the page of hits only:
    # ts_headline re-reads each document's text and is the expensive part.
    best = list(
        versions.filter(matches)
        .annotate(
            rank=_in_each_language(lambda config: SearchRank(F("search_vector"), queries[config])),
            in_reader_language=Case(When(language=reader_language, then=Value(1)), default=Value(0)),
        )
        .order_by("-rank", "-in_reader_language", "-created_at")
        .values_list("pk", flat=True)[offset : offset + limit]
    )
    hits = (
        versions.filter(pk__in=best)
        .annotate(
            headline=_in_each_language(
                lambda config: SearchHeadline(
                    "search_text",
                    queries[config],
                    config=config,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                )
            )
        )
        .defer("html", "search_text", "search_vector")
    )
    by_pk = {version.pk: version for version in hits}
    return [SearchHit(by_pk[pk], _marked(by_pk[pk].headline)) for pk in best]


def _plain_search(versions, query, offset, limit):
    words = [word for word in re.split(r"\W+", query) if word]
    for word in words:
        versions = versions.filter(search_text__icontains=word)
    hits = []
    for version in versions.defer("html", "search_vector").order_by("-created_at")[offset : offset + limit]:
        hits.append(SearchHit(version, _marked(_plain_snippet(version.search_text, words))))
    return hits


def _plain_snippet(text: str, words: list[str], width: int = 120) -> str:
    found = min((text.lower().find(word.lower()) for word in words if word.lower() in text.lower()), default=0)
    start = max(0, found - width)
    snippet = text[start : found + width]
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    snippet = pattern.sub(lambda match: f"{_START}{match[0]}{_STOP}", snippet)
    return ("… " if start else "") + snippet + (" …" if found + width < len(text) else "")


def _marked(snippet: str) -> SafeString:
    """Escape the snippet's text, then turn the hit markers into <mark>."""
    escaped = escape(snippet).replace(_START, "<mark>").replace(_STOP, "</mark>")
    return mark_safe(escaped)  # noqa: S308 - everything but our <mark> tags is escaped


def search_text_of(rendered_html: str) -> str:
    """The plain text of a rendered document, for the search index."""
    return re.sub(r"\s+", " ", html.unescape(re.sub(r"<[^>]+>", " ", rendered_html))).strip()
