"""Full-text search over everything published: PostgreSQL ranking and snippets, a plain fallback elsewhere."""

import datetime
import functools
import html
import re
from collections import defaultdict
from dataclasses import dataclass

from django.contrib.contenttypes.models import ContentType
from django.contrib.postgres.search import SearchVector
from django.db import connection
from django.db.models import Q
from django.utils import timezone, translation
from django.utils.formats import date_format
from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe
from django.utils.translation import gettext

from core.prepared_statements import execute_prepared
from publishing.models import PublishedVersion, language_name
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
    """A version found, as its line in the results shows it: built from the search statement's row and its
    document's slug, without loading either as a model, and computed here, so that the results list (the
    page's largest part) only places the values."""

    title: str
    language: str
    number: int
    created_at: datetime.datetime
    url: str  # the version's address in its own language: there any reader gets this text
    snippet: SafeString

    @classmethod
    def of_version(cls, version: PublishedVersion, snippet: SafeString) -> "SearchHit":
        return cls(
            title=version.title,
            language=version.language,
            number=version.number,
            created_at=version.created_at,
            url=version.get_url_in_its_language(),
            snippet=snippet,
        )

    @property
    def language_name(self) -> str:
        return language_name(self.language)

    @property
    def version_label(self) -> str:
        """The label "version 2", in the reader's language."""
        return gettext("version %(number)s") % {"number": self.number}

    @property
    def date(self) -> str:
        """The version's date as the site writes dates, in the reader's language and time zone."""
        return _site_date(timezone.localdate(self.created_at), translation.get_language())


# Hits of one search share few dates, and the site's versions span a few thousand days: formatting a
# date (the language's format, month names) was a tenth of a page of hits.
@functools.lru_cache(maxsize=4096)
def _site_date(day: datetime.date, _language: str | None) -> str:
    return date_format(day, "DATE_FORMAT")


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
# A snippet is taken from this many characters of a hit's text (about 60 words: the snippet's two
# fragments, of at most 35 words, fit in it), starting this many before the first occurrence of the
# query's longest word (_SEARCH_SQL). ts_headline's cost grows faster than the window: on the bench's
# worst query, 21 windows of 800 characters took PostgreSQL 3-7 ms, of 400 about 2 ms.
HEADLINE_WINDOW = 400
HEADLINE_LEAD_IN = 100


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
    if connection.vendor == "postgresql":
        return _postgres_search(query, offset, limit, language or translation.get_language() or "en")
    return _plain_search(searchable_versions().prefetch_related(documents_prefetch()), query, offset, limit)


def query_words(query: str) -> list[str]:
    """The words and numbers of a query: what there is to search for (none in "!!!" or "…")."""
    return re.findall(r"\w+", query)


def _any_of_the_words(query: str) -> str:
    """The query's words OR'ed, in websearch syntax ("or" itself is that syntax's, so left out)."""
    words = [word for word in query_words(query) if word.lower() != "or"]
    return " or ".join(words) or query


# What a hit's line shows and its address needs (SearchHit), in this order, and nothing else: the other
# columns hold large texts.
_HIT_FIELDS = ("title", "language", "number", "created_at", "kind", "content_type", "object_id")
_HIT_COLUMNS = ", ".join(f"version.{PublishedVersion._meta.get_field(name).column}" for name in _HIT_FIELDS)
_TABLE = PublishedVersion._meta.db_table


def _in_its_language(expression_for) -> str:
    """SQL: for each version, `expression_for(code, config)` of its own language (NULL for a language
    without a configuration: such a version matches nothing)."""
    cases = " ".join(f"WHEN '{code}' THEN {expression_for(code, config)}" for code, config in SEARCH_CONFIGS.items())
    return f"CASE version.language {cases} END"


# One statement, written once in SQL: built by the ORM (a CASE per language around each of
# SearchRank, SearchHeadline and the window's expressions) the query cost more to build than to run.
#
# Which versions match is the query's (its words AND'ed, `matching_<language>`); their order is by how
# often, and where (title or text), they use any of its words (`ranking_<language>`): ts_rank of the
# query itself compares, for each pair of its words, every position of one with every position of the
# other, which on texts that use the words often (common words, every document) was most of a search; of
# the words OR'ed it is linear in their positions. Each version is matched and ranked in its own
# language's configuration, the query of its language picked by a CASE: joined to a row per language
# instead, PostgreSQL matched every version against every language's query before comparing languages
# (three matches a version where one is needed: on the bench's worst query 1.5 of the 3.5 ms).
#
# Snippets are made for the page of hits only, from a window of the text (_SEARCH_SQL). The text is
# read once per hit (`|| ''` in a subquery that is not flattened, OFFSET 0): each mention of a stored
# column in the window's expression would fetch it from TOAST storage again.
_QUERIES = ", ".join(
    f"websearch_to_tsquery('{config}', %(query)s) AS matching_{code}, "
    f"websearch_to_tsquery('{config}', %(any_word)s) AS ranking_{code}"
    for code, config in SEARCH_CONFIGS.items()
)
_MATCHING = _in_its_language(lambda code, _config: f"queries.matching_{code}")
_RANKING = _in_its_language(lambda code, _config: f"queries.ranking_{code}")
_CONFIG = _in_its_language(lambda _code, config: f"'{config}'::regconfig")
_SEARCH = f"""
WITH queries AS (SELECT {_QUERIES}),
best AS (
  SELECT version.id, ts_rank(version.search_vector, {_RANKING}) AS rank,
         version.language = %(reader_language)s AS in_reader_language, version.created_at, version.id AS tie
  FROM {_TABLE} version
  CROSS JOIN queries
  LEFT JOIN {_TABLE} original ON original.id = version.translation_of_id
  -- searchable_versions(), in SQL
  WHERE version.kind = %(published)s AND version.withdrawn_at IS NULL AND version.superseded_at IS NULL
    AND (version.translation_of_id IS NULL
         OR (original.superseded_at IS NULL AND original.withdrawn_at IS NULL))
    AND version.search_vector @@ {_MATCHING}
  ORDER BY rank DESC, in_reader_language DESC, version.created_at DESC, version.id DESC
  LIMIT %(limit)s OFFSET %(offset)s
)
SELECT {_HIT_COLUMNS},
  ts_headline({_CONFIG}, substring(text.whole, {{window_start}}, {HEADLINE_WINDOW}), {_RANKING},
              %(headline_options)s) AS headline
FROM best
JOIN {_TABLE} version ON version.id = best.id
CROSS JOIN queries
CROSS JOIN LATERAL (
  SELECT whole, {{found}} - {HEADLINE_LEAD_IN} AS lead_in
  FROM (SELECT version.search_text || '' AS whole OFFSET 0) AS read_once
  OFFSET 0
) AS text
ORDER BY best.rank DESC, best.in_reader_language DESC, best.created_at DESC, best.tie DESC
"""  # noqa: S608 - table and column names from the model, configurations from SEARCH_CONFIGS; values are parameters

# Any of the words are marked: a window need not hold all of them.
_HEADLINE_OPTIONS = (
    f"StartSel='{_START}', StopSel='{_STOP}', MaxWords=35, MinWords=15, MaxFragments=2, FragmentDelimiter=' … '"
)


# A hit's snippet is taken from HEADLINE_WINDOW characters of its text, from the first word that
# starts within HEADLINE_LEAD_IN characters before the first occurrence of the query's longest word
# (in lower case or capitalised, as typed in text: %(longest)s, %(longest_capitalised)s), else from
# the start. ts_headline parses and stems all the text it is given: on whole documents it was most of
# a search; the window bounds it, however long the documents. LEAST() passes over NULLs: the first
# of the two that occurs, else NULL (then the start). Each is computed once per hit (OFFSET 0 above).
_SEARCH_SQL = _SEARCH.format(
    found="LEAST(NULLIF(STRPOS(whole, %(longest)s), 0), NULLIF(STRPOS(whole, %(longest_capitalised)s), 0))",
    window_start=(
        "CASE WHEN text.lead_in > 1 "
        f"THEN text.lead_in + STRPOS(SUBSTRING(text.whole, text.lead_in, {HEADLINE_LEAD_IN}), ' ') ELSE 1 END"
    ),
)


def _postgres_search(query, offset, limit, reader_language):
    longest = max(query_words(query), key=len, default="").lower()
    with connection.cursor() as cursor:
        execute_prepared(
            cursor,
            "search_published",
            _SEARCH_SQL,
            {
                "query": query,
                "any_word": _any_of_the_words(query),
                "reader_language": reader_language,
                "published": PublishedVersion.Kind.PUBLISHED,
                "limit": limit,
                "offset": offset,
                # No word (only punctuation): no occurrence, so the snippet starts at the start.
                "longest": longest or "\x01",
                "longest_capitalised": longest.capitalize() or "\x01",
                "headline_options": _HEADLINE_OPTIONS,
            },
        )
        rows = cursor.fetchall()
    documents = _documents_of(rows)
    hits = []
    for title, language, number, created_at, kind, content_type_id, object_id, headline in rows:
        document_model, slug = documents.get((content_type_id, object_id), (None, None))
        if slug is None:
            continue  # a version whose document is gone: nothing to link to
        url = PublishedVersion.address(document_model.url_prefix, slug, kind=kind, number=number, language=language)
        hits.append(SearchHit(title, language, number, created_at, url, _marked(headline)))
    return hits


def _documents_of(rows) -> dict[tuple[int, int], tuple[type, str]]:
    """(content type id, object id) -> (document model, the slug in its addresses), for every hit: one
    prepared statement per document type among them, reading the slugs only."""
    ids_by_type = defaultdict(set)
    for *_shown, content_type_id, object_id, _headline in rows:
        ids_by_type[content_type_id].add(object_id)
    documents = {}
    for content_type_id, ids in ids_by_type.items():
        model = ContentType.objects.get_for_id(content_type_id).model_class()
        with connection.cursor() as cursor:
            execute_prepared(cursor, f"slugs_{model._meta.model_name}", _slugs_sql(model), {"ids": list(ids)})
            for pk, slug in cursor.fetchall():
                documents[(content_type_id, pk)] = (model, slug)
    return documents


@functools.cache
def _slugs_sql(model) -> str:
    """SQL: the primary key and the address's slug (`model.slug_lookup`: the document's own field, or a
    field of the object a foreign key names, as a minutes' meeting's slug) of the documents whose keys
    are %(ids)s. Written once per model: built by the ORM, the query cost more to build than to run."""
    document = model._meta
    *foreign_keys, slug_name = model.slug_lookup.split("__")
    if not foreign_keys:
        slug, joins = f'document."{document.get_field(slug_name).column}"', ""
    else:
        [foreign_key_name] = foreign_keys  # one step: no document's slug is further away
        foreign_key = document.get_field(foreign_key_name)
        related = foreign_key.related_model._meta
        slug = f'related."{related.get_field(slug_name).column}"'
        joins = f'JOIN "{related.db_table}" related ON related."{related.pk.column}" = document."{foreign_key.column}"'
    key = f'document."{document.pk.column}"'
    return f'SELECT {key}, {slug} FROM "{document.db_table}" document {joins} WHERE {key} = ANY(%(ids)s)'  # noqa: S608 - names from the models


def _plain_search(versions, query, offset, limit):
    words = [word for word in re.split(r"\W+", query) if word]
    for word in words:
        versions = versions.filter(search_text__icontains=word)
    hits = []
    for version in versions.defer("html", "search_vector").order_by("-created_at")[offset : offset + limit]:
        hits.append(SearchHit.of_version(version, _marked(_plain_snippet(version.search_text, words))))
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
