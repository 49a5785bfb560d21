from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404
from django.shortcuts import redirect, render
from django.template.response import TemplateResponse
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.views import View
from django.views.generic import TemplateView

from decisions.forms import CommentForm, RedlineForm
from decisions.models import Decision, RedlinePdf, Revision
from decisions.redline_pdf import redline_document_html
from decisions.revisions import frozen_paragraphs
from decisions.selectors import answered_comments_by_revision, comments_by_paragraph, readable_revisions
from decisions.services import comment_add
from meetings.document_lists import PublicationListView
from publishing import page_cache
from publishing.generated import generated_pdf_pending_response, generated_pdf_response
from publishing.models import PublishedVersion
from publishing.selectors import document_for_slug
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
        answered = answered_comments_by_revision(self.request.user, self.decision)
        for index, revision in enumerate(self.revisions):
            revision.answered = answered.get(revision.pk, [])
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
            form.add_error(None, "This decision has only one revision so far: there is nothing to compare.")
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
        context = {
            "decision": self.decision,
            "older": older,
            "newer": newer,
            "body": redline_document_html(older=older, newer=newer),
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
        return self.private(generated_pdf_response(self.request, stored))


class CommentListView(LoginRequiredMixin, RevisionsMixin, View):
    """Comments on the round under consultation, paragraph by paragraph, and the form to add one.

    For Friends, coordinators and staff (others: 404, as for the drafts themselves).
    Each sees their own comments; staff see everyone's and triage them in the admin.
    """

    def get(self, request, *args, **kwargs):
        self.check_standing()
        initial = {"paragraph": request.GET.get("paragraph", "")}
        return self.page(CommentForm(initial=initial, paragraphs=self.paragraphs))

    def check_standing(self):
        if not may_read_circulated(self.request.user):
            raise Http404("No comments here.")

    @cached_property
    def current(self) -> Revision:
        return self.revisions[-1]

    @cached_property
    def paragraphs(self):
        return frozen_paragraphs(self.current.paragraphs)

    def post(self, request, *args, **kwargs):
        self.check_standing()
        form = CommentForm(request.POST, paragraphs=self.paragraphs)
        if form.is_valid():
            try:
                comment = comment_add(
                    decision=self.decision,
                    paragraph_key=form.cleaned_data["paragraph"],
                    text=form.cleaned_data["text"],
                    proposed_wording=form.cleaned_data["proposed_wording"],
                    by=request.user,
                )
            except ValidationError as error:
                form.add_error(None, error)
            else:
                messages.success(request, f"Your comment on paragraph {comment.paragraph_number} was sent.")
                return redirect(f"{self.decision.get_comments_url()}#comment-{comment.pk}")
        return self.page(form, status=400)

    def page(self, form, status=200):
        orphans = comments_by_paragraph(self.request.user, self.decision, self.paragraphs)
        context = {
            "decision": self.decision,
            "revision": self.current,
            "paragraphs": self.paragraphs,
            "orphans": orphans,  # comments on paragraphs that a later round removed
            "open": self.decision.status == Decision.Status.UNDER_CONSULTATION,
            "form": form,
        }
        response = render(self.request, "decisions/comment_list.html", context, status=status)
        patch_cache_control(response, private=True, no_cache=True, no_store=True)
        return response
