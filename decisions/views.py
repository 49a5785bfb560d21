import hashlib

from django.http import Http404, HttpResponse
from django.shortcuts import render
from django.template.response import TemplateResponse
from django.utils import translation
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.views import View
from django.views.generic import TemplateView

from decisions.akoma_ntoso import AKN_MEDIA_TYPE, DecisionVersionSource, decision_version_akn
from decisions.forms import RedlineForm
from decisions.models import Decision, RedlinePdf, Revision
from decisions.redline_pdf import has_language_versions, redline_document_html
from decisions.selectors import decision_for_akn, readable_revisions, rounds_with_versions
from meetings.document_lists import PublicationListView
from publishing import page_cache
from publishing.generated import generated_pdf_pending_response, generated_pdf_response
from publishing.models import PublishedVersion
from publishing.selectors import answered_comments_by_version, document_for_slug, version_of
from publishing.translations import in_reader_language
from workgroups.access import may_read_circulated


class DecisionListView(PublicationListView):
    model = Decision
    year_lookup = "meeting__start_date__year"
    meeting_lookup = "meeting"

    def get_queryset(self):
        return super().get_queryset().select_related("meeting")


class RevisionsMixin:
    """A decision and the rounds of it this user may read; none readable: 404, so nothing is revealed."""

    @cached_property
    def decision(self) -> Decision:
        return document_for_slug(Decision, self.kwargs["slug"])

    @cached_property
    def revisions(self) -> list[Revision]:
        revisions = list(readable_revisions(self.request.user, self.decision))
        if not revisions:
            raise Http404("No revision of this decision has been circulated or published.")
        for revision in revisions:
            revision.decision = revision.version.document = self.decision  # their URLs need it: no query each
        return revisions

    def private(self, response):
        # Circulated rounds are for the Friends; their pages stay out of shared caches.
        if any(revision.version.kind == PublishedVersion.Kind.CIRCULATED for revision in self.revisions):
            patch_cache_control(response, private=True, no_cache=True)
        return response


class RevisionListView(RevisionsMixin, TemplateView):
    """Every round of a decision, newest first, with what each answered and a choice of two to compare."""

    template_name = "decisions/revision_list.html"

    def get(self, request, *args, **kwargs):
        return self.private(super().get(request, *args, **kwargs))

    def get_context_data(self, **kwargs):
        answered = answered_comments_by_version(self.request.user, self.decision)
        for index, revision in enumerate(self.revisions):
            revision.answered = answered.get(revision.version_id, [])
            revision.previous = self.revisions[index - 1] if index else None
        newest_first = self.revisions[::-1]
        initial = {"older": newest_first[1].number, "newer": newest_first[0].number} if len(newest_first) > 1 else {}
        return super().get_context_data(
            decision=self.decision,
            revisions=newest_first,
            form=RedlineForm(initial=initial, revisions=self.revisions),
            may_comment=may_read_circulated(self.request.user),
            **kwargs,
        )


class RedlineMixin(RevisionsMixin):
    """The two rounds named by ?older=N&newer=M (default: the last two); a bad pair is a 400 saying which.

    Subclasses answer for a good pair in `respond(older, newer)`.
    """

    def get(self, request, *args, **kwargs):
        by_number = {revision.number: revision for revision in self.revisions}
        if "older" not in request.GET and "newer" not in request.GET and len(self.revisions) > 1:
            return self.respond(self.revisions[-2], self.revisions[-1])
        form = RedlineForm(request.GET, revisions=self.revisions)
        if len(self.revisions) < 2:
            form.is_valid()
            form.add_error(None, gettext("This decision has only one revision so far: there is nothing to compare."))
        if not form.is_valid():
            response = render(
                request, "decisions/redline_error.html", {"decision": self.decision, "form": form}, status=400
            )
            return self.private(response)
        older, newer = sorted([form.cleaned_data["older"], form.cleaned_data["newer"]])
        return self.respond(by_number[older], by_number[newer])

    def respond(self, older: Revision, newer: Revision):
        raise NotImplementedError


class RedlineView(RedlineMixin, View):
    # Comparing words is the costliest page there is: anonymous readers share the stored page.
    @page_cache.for_anonymous_visitors(reads=("older", "newer"))
    def get(self, request, *args, **kwargs):
        return super().get(request, *args, **kwargs)

    def respond(self, older, newer):
        # In the reader's language when both rounds have a version in it, else in the original's.
        reader = translation.get_language()
        translated = reader != self.decision.original_language and has_language_versions(older, newer, reader)
        context = {
            "decision": self.decision,
            "older": older,
            "newer": newer,
            "body": redline_document_html(older=older, newer=newer, language=reader if translated else None),
            "language_missing": reader != self.decision.original_language and not translated,
            "body_language": reader if translated else self.decision.original_language,
            "form": RedlineForm(initial={"older": older.number, "newer": newer.number}, revisions=self.revisions),
        }
        return self.private(
            TemplateResponse(self.request, "decisions/redline.html", context)
        )  # stored by the page cache once rendered


class RedlinePdfView(RedlineMixin, View):
    """The pair's stored PDF, rendered once in the background; 503 until it is ready."""

    def respond(self, older, newer):
        # Queued when the newer round was issued; until the task has run, "being prepared".
        stored = RedlinePdf.objects.filter(older=older, newer=newer).first()
        if stored is None:
            return self.private(generated_pdf_pending_response(self.request))
        response = generated_pdf_response(self.request, stored)
        # Rendered once, in the decision's language, whatever the address's (decisions.models.RedlinePdf).
        response.headers["Content-Language"] = self.decision.original_language
        return self.private(response)


class VersionAknView(View):
    """A decision version as Akoma Ntoso 3.0 XML (decisions/akoma_ntoso.py), read as its page is read.

    For whoever may read the version: a circulated draft for readers of drafts only (anyone else: 404,
    as for its page and PDF); a withdrawn version: 410, as its PDF answers, for its text is no longer
    published. In the address's language when the version has a language version in it (/fr/…),
    else the original, as the PDF; Content-Language says which.

    A version is frozen, so its XML is built once and kept in the shared cache under the page cache's
    generation (page_cache.shared_part: every workflow step and admin edit renews it), for every reader
    alike; who may read it is decided on every request. Its ETag is its SHA-256
    (ConditionalGetMiddleware answers 304); like the version's page and PDF, it is `public, no-cache`
    for anonymous readers of a published version, `private` otherwise.
    """

    kind: str = None

    def get(self, request, slug, number):
        decision = decision_for_akn(slug)
        original = version_of(
            decision, kind=self.kind, number=number, reads_circulated=may_read_circulated(request.user)
        )
        if original.withdrawn_at is not None:
            return HttpResponse(gettext("This document has been withdrawn."), status=410, content_type="text/plain")
        version = in_reader_language(original)
        content = page_cache.shared_part(
            f"akn:{version.pk}",
            lambda: decision_version_akn(
                DecisionVersionSource(decision=decision, version=version, rounds=rounds_with_versions(decision))
            ),
        )
        # application/akn+xml: the media type registered for Akoma Ntoso (an +xml type: XML tools read it).
        response = HttpResponse(content, content_type=f"{AKN_MEDIA_TYPE}; charset=utf-8")
        response["Content-Disposition"] = f'inline; filename="{version.pdf_filename.removesuffix(".pdf")}.akn.xml"'
        response["Content-Language"] = version.language
        response["ETag"] = f'"{hashlib.sha256(content).hexdigest()}"'
        if version.is_draft or request.user.is_authenticated:
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, no_cache=True)
        return response
