"""Pages and PDFs of frozen versions, shared by minutes and decisions.

A version's text never changes, but its page does (a superseded or withdrawn
banner, the list of versions, the PDF link once rendered, a reader's drafts):
the page's ETag is made from its content (ConditionalGetMiddleware, or the page
cache for anonymous visitors), so a repeat visit gets 304 exactly while the
page is the same. A PDF's ETag is its SHA-256.
"""

from dataclasses import dataclass

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponse
from django.shortcuts import redirect, render
from django.template.loader import render_to_string
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.views import View

from publishing import page_cache
from publishing.comments import with_comment_links
from publishing.forms import CommentForm
from publishing.generated import generated_pdf_response
from publishing.models import Publishable, PublishedVersion
from publishing.selectors import (
    comments_by_target,
    current_version_for,
    document_for_slug,
    version_of,
    versions_of,
)
from publishing.services import comment_add
from publishing.translations import LANGUAGE_NAMES, language_versions_for_reader


def _cache_headers(response, *, draft: bool, user):
    if draft or user.is_authenticated:
        patch_cache_control(response, private=True, no_cache=True)
    else:
        # Public: any cache may keep it, but must ask again each time (a cheap 304),
        # so a withdrawal or a correction is never hidden behind a kept copy.
        patch_cache_control(response, public=True, no_cache=True)
    return response


class ReaderAccessMixin:
    """The document type's URLconf says who reads circulated drafts: `reader_access(user) -> bool`."""

    reader_access = None

    def reads_circulated(self, user) -> bool:
        return bool(self.reader_access and self.reader_access(user))


@dataclass(frozen=True)
class VersionPart:
    """A version's page but its layout (which names the reader and holds their CSRF token): the same
    for every reader who may, or every reader who may not, read circulated drafts."""

    title: str
    content: str
    draft: bool
    # The version's text in other formats (Publishable.version_alternates), for the head's <link rel="alternate">.
    alternates: tuple = ()


class VersionPageView(ReaderAccessMixin, View):
    """/<document>/v<N>/ (kind published) and /<document>/draft-<N>/ (kind circulated); N=None: the document URL.

    The page but its layout is kept in the shared cache under the page cache's generation (every
    workflow step and admin edit sets a new one), apart for readers of circulated drafts and for
    everyone else: who may read drafts is decided on every request, and only their part is served to
    them. A signed-in reader's whole page is kept too, without their name or CSRF token
    (page_cache.in_reader_layout).
    """

    model: type[Publishable] = None
    kind: str | None = None

    @page_cache.for_anonymous_visitors()
    def get(self, request, slug, number=None):
        reads_circulated = self.reads_circulated(request.user)
        key = ":".join(
            [
                "version-page",
                self.model._meta.label_lower,
                str(self.kind),
                slug,
                str(number),
                translation.get_language() or "",
                "circulated" if reads_circulated else "published",
            ]
        )

        def page(layout):
            part = page_cache.shared_part(key, lambda: self.part(slug, number, reads_circulated=reads_circulated))
            response = TemplateResponse(
                request,
                "publishing/version_detail.html",
                {
                    "part": {
                        "title": page_cache.document_text(layout, part.title),
                        # Rendered by our templates, which escaped it (VersionPageView.part).
                        "content": page_cache.document_text(layout, mark_safe(part.content)),  # noqa: S308
                        "alternates": getattr(part, "alternates", ()),  # a part kept before it had them: none
                    },
                    **layout,
                },
            )
            return _cache_headers(response, draft=part.draft, user=request.user)

        # A signed-in reader's whole page is kept (their name and token put in on each request).
        return page_cache.in_reader_layout(request, key, page)

    def part(self, slug, number, *, reads_circulated: bool) -> VersionPart:
        document = document_for_slug(self.model, slug)
        if number is None:
            original = current_version_for(document, reads_circulated=reads_circulated)
        else:
            original = version_of(document, kind=self.kind, number=number, reads_circulated=reads_circulated)
        languages = ReaderLanguages(original)
        version = languages.shown
        # A withdrawn version's text is no longer published, in any format.
        alternates = () if version.withdrawn_at else tuple(document.version_alternates(version))
        # Rendered without the request: nothing of the reader's can get into what others are served.
        content = render_to_string(
            "publishing/_version_part.html",
            {
                "document": document,
                "version": version,
                "original": original,
                "languages": languages,
                "html": _html_with_comment_links(document, version, reads_circulated=reads_circulated),
                "versions": versions_of(document, reads_circulated=reads_circulated),
                "draft": version.is_draft,
                "links": document.reader_links(reads_circulated=reads_circulated),
                "alternates": alternates,
            },
        )
        return VersionPart(title=version.title, content=str(content), draft=version.is_draft, alternates=alternates)


class ReaderLanguages:
    """Which language version of `original` the reader gets, and which others there are.

    The reader's language is the page's (/fr/, /es/, else English): its language version when there
    is one; else the original, with a note in the reader's language and, when an earlier version
    has one in that language, a link to it (marked outdated). One query.
    """

    def __init__(self, original: PublishedVersion):
        self.reader = translation.get_language() or original.language
        self.original = original
        # A withdrawn version shows its notice, in no language.
        translations, earlier = (
            ([], None) if original.withdrawn_at else language_versions_for_reader(original, self.reader)
        )
        self.versions = [original, *translations]
        by_language = {version.language: version for version in self.versions}
        self.shown = by_language.get(self.reader, original)
        self.missing = self.reader not in by_language and self.reader in LANGUAGE_NAMES
        self.earlier = earlier if self.missing and original.withdrawn_at is None else None

    @property
    def reader_language_name(self) -> str:
        return LANGUAGE_NAMES.get(self.reader, self.reader)

    @property
    def listed(self) -> list[tuple[PublishedVersion, str, str]]:
        """(version, its address in its language, the language's own name) for each language the version
        is in, for the "this version in" list: more than one, or nothing to list."""
        if len(self.versions) < 2:
            return []
        return [(version, version.get_url_in_its_language(), version.language_name) for version in self.versions]


def _html_with_comment_links(document: Publishable, version: PublishedVersion, *, reads_circulated: bool):
    """The frozen HTML; for a reader who may comment on this version (the draft open for comments),
    with "Comment on this section" on each target (publishing/comments.py). A language version of that
    draft gets them too: its parts carry the original's keys, and comments go to the original."""
    original = version.translation_of if version.is_translation else version
    if not (reads_circulated and original.is_draft and original.is_current and document.comments_open):
        return mark_safe(version.html)  # noqa: S308 - frozen HTML rendered by our templates
    current = document.comment_version()
    if current is None or current.pk != original.pk:
        return mark_safe(version.html)  # noqa: S308
    keys = {target.key for target in document.comment_targets(current)}
    return with_comment_links(version.html, comments_url=document.get_comments_url(), keys=keys)


class VersionPdfView(ReaderAccessMixin, View):
    """The stored PDF of a version, rendered once when it was frozen."""

    model: type[Publishable] = None
    kind: str = None

    def get(self, request, slug, number):
        document = document_for_slug(self.model, slug)
        reads_circulated = self.reads_circulated(request.user)
        original = version_of(document, kind=self.kind, number=number, reads_circulated=reads_circulated)
        # The PDF in the page's language when there is one, else the original's.
        version = ReaderLanguages(original).shown
        if version.withdrawn_at is not None:
            return HttpResponse(gettext("This document has been withdrawn."), status=410, content_type="text/plain")
        response = generated_pdf_response(request, version)
        if response.status_code == 200:
            _cache_headers(response, draft=version.is_draft, user=request.user)
            response.headers["Content-Language"] = version.language  # the file's, not the address's
        return response


class CommentListView(LoginRequiredMixin, ReaderAccessMixin, View):
    """Comments on the version open for comments, target by target, and the form to add one.

    One page for every document type (`model`, mounted by the type's URLconf). For readers of
    circulated drafts (`reader_access`; others: 404, as for the drafts themselves). Each sees their
    own comments; staff see everyone's and triage them in the admin. ?target=<key> preselects one.
    """

    model: type[Publishable] = None

    def get(self, request, *args, **kwargs):
        self.check_standing()
        return self.page(CommentForm(initial={"target": request.GET.get("target", "")}, **self.form_kwargs))

    def post(self, request, *args, **kwargs):
        self.check_standing()
        form = CommentForm(request.POST, **self.form_kwargs)
        if form.is_valid():
            try:
                comment = comment_add(
                    document=self.document,
                    target_key=form.cleaned_data["target"],
                    text=form.cleaned_data["text"],
                    proposed_wording=form.cleaned_data["proposed_wording"],
                    version=self.version,
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                noun = self.document.comment_target_noun
                messages.success(
                    request,
                    gettext("Your comment on %(noun)s %(target)s was sent.")
                    % {"noun": noun, "target": comment.target_label},
                )

                return redirect(f"{self.document.get_comments_url()}#comment-{comment.pk}")
        return self.page(form, status=400)

    def check_standing(self):
        if not self.reads_circulated(self.request.user):
            raise Http404("No comments here.")

    @cached_property
    def document(self) -> Publishable:
        return document_for_slug(self.model, self.kwargs["slug"])

    @cached_property
    def version(self) -> PublishedVersion:
        version = self.document.comment_version()
        if version is None or (version.withdrawn_at is not None and not self.request.user.is_staff):
            raise Http404("Nothing of this document has been circulated for comments.")
        version.document = self.document  # its URL needs it: no query
        return version

    @cached_property
    def targets(self):
        return self.document.comment_targets(self.version)

    @property
    def form_kwargs(self) -> dict:
        return {"targets": self.targets, "noun": self.document.comment_target_noun}

    def page(self, form, status=200):
        document = self.document
        orphans = comments_by_target(self.request.user, document, self.targets)
        comments_url = document.get_comments_url()
        context = {
            "document": document,
            "version": self.version,
            "version_label": document.version_label(self.version),
            "targets": self.targets,
            "noun": document.comment_target_noun,
            "orphans": orphans,  # comments on targets that a later version no longer has
            "open": document.comments_open,
            "closed_message": document.comments_closed_message,
            "links": [link for link in document.reader_links(reads_circulated=True) if link[1] != comments_url],
            "form": form,
        }
        response = render(self.request, "publishing/comment_list.html", context, status=status)
        patch_cache_control(response, private=True, no_cache=True, no_store=True)
        return response
