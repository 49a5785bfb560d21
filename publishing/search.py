"""Full-text search over everything published: PostgreSQL ranking and snippets, a plain fallback elsewhere."""

import html
import re
from dataclasses import dataclass

from django.contrib.postgres.search import SearchHeadline, SearchQuery, SearchRank, SearchVector
from django.db import connection
from django.db.models import Case, F, IntegerField, Q, Value, When
from django.db.models.functions import Least, NullIf, StrIndex, Substr
from django.db.models.lookups import GreaterThan
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
# A snippet is taken from this many characters of a hit's text (about 120 words), starting this many
# before the first occurrence of the query's longest word (_headline_window).
HEADLINE_WINDOW = 800
HEADLINE_LEAD_IN = 150


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
    versions = searchable_versions()
    if connection.vendor == "postgresql":
        return _postgres_search(versions, query, offset, limit, language or translation.get_language() or "en")
    return _plain_search(versions.prefetch_related(documents_prefetch()), query, offset, limit)


def _in_each_language(expression, languages=SEARCH_CONFIGS):
    """`expression(config)` for each row, with its own language's configuration (of `languages`)."""
    configs = {code: config for code, config in SEARCH_CONFIGS.items() if code in languages}
    if len(configs) == 1:
        return expression(*configs.values())
    return Case(*[When(language=code, then=expression(config)) for code, config in configs.items()])


def _any_of_the_words(query: str) -> str:
    """The query's words OR'ed, in websearch syntax ("or" itself is that syntax's, so left out)."""
    words = [word for word in re.findall(r"\w+", query) if word.lower() != "or"]
    return " or ".join(words) or query


def _headline_window(query: str):
    """The part of a hit's text its snippet is taken from: HEADLINE_WINDOW characters, from the
    first word that starts within HEADLINE_LEAD_IN characters before the first occurrence of the
    query's longest word (in lower case or capitalised, as typed in text), else from the start.
    ts_headline parses and stems all the text it is given: on whole documents it was most of a
    search; the window bounds it, however long the documents."""
    longest = max(re.findall(r"\w+", query), key=len, default="").lower()
    if not longest:
        return Substr("search_text", 1, HEADLINE_WINDOW)
    # Least() passes over NULLs in PostgreSQL: the first of the two that occurs, else NULL.
    found = Least(
        NullIf(StrIndex("search_text", Value(longest)), Value(0)),
        NullIf(StrIndex("search_text", Value(longest.capitalize())), Value(0)),
    )
    lead_in = found - Value(HEADLINE_LEAD_IN)
    start = Case(
        When(
            GreaterThan(lead_in, Value(1)),
            then=lead_in + StrIndex(Substr("search_text", lead_in, HEADLINE_LEAD_IN), Value(" ")),
        ),
        default=Value(1),
        output_field=IntegerField(),
    )
    return Substr("search_text", start, HEADLINE_WINDOW)


def _postgres_search(versions, query, offset, limit, reader_language):
    queries = {config: SearchQuery(query, search_type="websearch", config=config) for config in SEARCH_CONFIGS.values()}
    # Which versions match is the query's; their order is by how often, and where (title or
    # text), they use any of its words. ts_rank of the query itself compares, for each pair of
    # its words, every position of one with every position of the other: on texts that use the
    # words often (common words, every document) that was most of a search. Of the words OR'ed
    # it is linear in their positions.
    any_word = _any_of_the_words(query)
    rank_queries = {
        config: SearchQuery(any_word, search_type="websearch", config=config) for config in SEARCH_CONFIGS.values()
    }
    matches = Q()
    for code, config in SEARCH_CONFIGS.items():
        matches |= Q(language=code, search_vector=queries[config])
    # Rank on the stored vector (GIN-indexed; PostgreSQL scans the current versions instead while
    # they are few), then make snippets for the page of hits only.
    best = list(
        versions.filter(matches)
        .annotate(
            rank=_in_each_language(lambda config: SearchRank(F("search_vector"), rank_queries[config])),
            in_reader_language=Case(When(language=reader_language, then=Value(1)), default=Value(0)),
        )
        .order_by("-rank", "-in_reader_language", "-created_at")
        .values_list("pk", "language")[offset : offset + limit]
    )
    if not best:
        return []
    window = _headline_window(query)
    # Only the languages of this page's hits (mostly one): the snippets' SQL is built for each.
    languages = {language for _pk, language in best}
    hits = (
        # The hits found above, but none withdrawn since (searchable_versions' other conditions,
        # with their join, need not be asked again).
        PublishedVersion.in_all_languages.filter(pk__in=[pk for pk, _language in best], withdrawn_at__isnull=True)
        .prefetch_related(documents_prefetch())
        .annotate(
            headline=_in_each_language(
                languages=languages,
                expression=lambda config: SearchHeadline(
                    window,
                    # Any of the words: a window need not hold all of them, and each is marked.
                    rank_queries[config],
                    config=config,
                    start_sel=_START,
                    stop_sel=_STOP,
                    max_words=35,
                    min_words=15,
                    max_fragments=2,
                    fragment_delimiter=" … ",
                ),
            )
        )
        .defer("html", "search_text", "search_vector", "translated_texts", "source_texts")
    )
    by_pk = {version.pk: version for version in hits}
    return [SearchHit(by_pk[pk], _marked(by_pk[pk].headline)) for pk, _language in best if pk in by_pk]


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
