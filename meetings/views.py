from django import forms
from django.core.exceptions import ObjectDoesNotExist
from django.http import Http404
from django.shortcuts import get_object_or_404, render
from django.template.response import TemplateResponse
from django.utils import timezone, translation
from django.utils.cache import patch_cache_control
from django.utils.functional import cached_property
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views import View
from django.views.generic import DetailView, ListView

from core.dates import long_date
from core.filtering import FilterFormMixin
from core.stored_files import stored_file_response
from meetings.document_lists import PublicationListView
from meetings.forms import MeetingFilterForm
from meetings.minutes_compare import minutes_compare_document_html
from meetings.models import MeetingDocument, Minutes, MinutesComparePdf, MinutesRevision
from meetings.selectors import (
    action_points_in_reader_language,
    agenda_tree,
    documents_by_language,
    issued_agenda_items,
    meetings_visible_to,
)
from publishing import page_cache
from publishing.generated import generated_pdf_pending_response, generated_pdf_response
from publishing.selectors import current_version_or_none, document_for_slug, versions_of
from publishing.translations import in_reader_language
from publishing.views import ReaderAccessMixin
from workgroups.access import may_read_circulated


class MeetingListView(FilterFormMixin, ListView):
    paginate_by = 50
    filter_form_class = MeetingFilterForm

    def get_queryset(self):
        return self.filtered(meetings_visible_to(self.request.user))

    def filter_queryset(self, meetings, cleaned_data):
        return self.filters.filter(meetings)

    def get_context_data(self, **kwargs):
        return super().get_context_data(today=timezone.localdate(), **kwargs)


class MeetingDetailView(DetailView):
    def get_queryset(self):
        # The minutes and agenda documents come with the meeting (one-to-one), in the same query.
        return meetings_visible_to(self.request.user).select_related("chair__country", "country", "minutes", "agenda")

    def get_context_data(self, **kwargs):
        minutes_version = self._current_version("minutes")
        agenda_version = self._current_version("agenda")
        # An agenda is public when its agenda document is: readers see the items as the
        # readable version froze them (a circulated draft for Friends); staff, who edit
        # them, see the working text, marked as such.
        # A withdrawn document shows its notice here as on its own page: none of its text.
        working_text = self.request.user.is_staff
        agenda_readable = agenda_version is not None and agenda_version.withdrawn_at is None
        minutes_readable = minutes_version is not None and minutes_version.withdrawn_at is None
        return super().get_context_data(
            agenda=agenda_tree(self.object) if working_text else None,
            # In the reader's language when the agenda has a language version in it.
            issued_agenda=issued_agenda_items(in_reader_language(agenda_version))
            if agenda_readable and not working_text
            else "",
            agenda_version=agenda_version,
            minutes_version=minutes_version,
            # Action points are part of the minutes: shown once the reader may read those, worded as
            # the minutes' version in the reader's language words them, where there is one.
            action_points=action_points_in_reader_language(self.object, minutes_version) if minutes_readable else [],
            # The documents in the reader's language first; the others under their own heading.
            **documents_by_language(self.object.documents.all(), translation.get_language()),
            **kwargs,
        )

    def _current_version(self, document_name: str):
        try:
            document = getattr(self.object, document_name)
        except ObjectDoesNotExist:
            return None
        return current_version_or_none(document, reads_circulated=may_read_circulated(self.request.user))


class MinutesListView(PublicationListView):
    model = Minutes
    template_name = "meetings/minutes_list.html"
    year_lookup = "meeting__start_date__year"
    meeting_lookup = "meeting"

    def get_queryset(self):
        return super().get_queryset().select_related("meeting").order_by("-meeting__start_date")


def meeting_document(request, slug, pk):
    """A meeting's document, under a safe generated name, as an attachment; 404 where the meeting is hidden."""
    meeting = get_object_or_404(meetings_visible_to(request.user), slug=slug)
    document = get_object_or_404(MeetingDocument, meeting=meeting, pk=pk)
    return stored_file_response(
        document.file,
        filename=document.download_name,
        # Read from the content at upload; the file is not inspected again on each download.
        content_type=document.content_type or "application/octet-stream",
        as_attachment=True,
    )


# ---------------------------------------------------------------- comparing versions of minutes


class MinutesCompareForm(forms.Form):
    """Which two versions to compare: "v1", "draft-2", as the versions' own URLs name them."""

    older = forms.ChoiceField(label=_("From"))
    newer = forms.ChoiceField(label=_("To"))

    def __init__(self, *args, revisions: list[MinutesRevision], **kwargs):
        super().__init__(*args, **kwargs)
        choices = [(revision.token, f"{revision.label}, {long_date(revision.created_at)}") for revision in revisions]
        self.fields["older"].choices = self.fields["newer"].choices = choices
        for name in ("older", "newer"):
            self.fields[name].error_messages["invalid_choice"] = gettext(
                "There is no version %(value)s of these minutes that you can compare."
            )

    def clean(self):
        cleaned = super().clean()
        if cleaned.get("older") is not None and cleaned.get("older") == cleaned.get("newer"):
            raise forms.ValidationError(gettext("Choose two different versions."))
        return cleaned


class MinutesCompareMixin(ReaderAccessMixin):
    """The minutes and the versions of them this reader may read (the version pages' own rule:
    published versions for everyone, circulated drafts for Friends, post holders and staff),
    withdrawn ones left out; none readable: 404, so nothing is revealed.

    ?older=&newer= name the pair (default: the last two); a bad pair is a 400 saying which.
    Subclasses answer for a good pair in `respond(older, newer)`.
    """

    def get(self, request, slug):
        self.slug = slug
        if "older" not in request.GET and "newer" not in request.GET:
            if len(self.revisions) < 2:  # linked from every version page: say so, it is no error
                return self.private(render(request, "meetings/minutes_compare_error.html", self.context(None)))
            return self.respond(self.revisions[-2], self.revisions[-1])
        form = MinutesCompareForm(request.GET, revisions=self.revisions)
        if not form.is_valid():
            response = render(request, "meetings/minutes_compare_error.html", self.context(form), status=400)
            return self.private(response)
        by_token = {revision.token: revision for revision in self.revisions}
        chosen = [by_token[form.cleaned_data["older"]], by_token[form.cleaned_data["newer"]]]
        older, newer = sorted(chosen, key=lambda revision: (revision.created_at, revision.pk))
        return self.respond(older, newer)

    @cached_property
    def minutes(self) -> Minutes:
        return document_for_slug(Minutes, self.slug)

    @cached_property
    def revisions(self) -> list[MinutesRevision]:
        versions = versions_of(self.minutes, reads_circulated=self.reads_circulated(self.request.user))
        readable = {version.pk: version for version in versions if version.withdrawn_at is None}
        if not readable:
            raise Http404("No version of these minutes has been circulated or published.")
        revisions = list(MinutesRevision.objects.filter(version_id__in=readable).order_by("created_at", "pk"))
        for revision in revisions:
            revision.version, revision.minutes = readable[revision.version_id], self.minutes  # no query each
        return revisions

    def context(self, form) -> dict:
        return {"minutes": self.minutes, "meeting": self.minutes.meeting, "form": form, "revisions": self.revisions}

    def private(self, response):
        # Circulated drafts are for the Friends: their comparisons stay out of shared caches.
        if self.request.user.is_authenticated or any(revision.version.is_draft for revision in self.revisions):
            patch_cache_control(response, private=True, no_cache=True)
        else:
            patch_cache_control(response, public=True, no_cache=True)
        return response

    def respond(self, older: MinutesRevision, newer: MinutesRevision):
        raise NotImplementedError


class MinutesCompareView(MinutesCompareMixin, View):
    """Two versions of minutes side by side in one text: sections matched by key, words marked."""

    # Comparing words is the costliest page there is: anonymous readers share the stored page.
    @page_cache.for_anonymous_visitors(reads=("older", "newer"))
    def get(self, request, slug):
        return super().get(request, slug)

    def respond(self, older, newer):
        form = MinutesCompareForm(initial={"older": older.token, "newer": newer.token}, revisions=self.revisions)
        context = self.context(form) | {
            "older": older,
            "newer": newer,
            "body": minutes_compare_document_html(older=older, newer=newer),
        }
        return self.private(
            TemplateResponse(self.request, "meetings/minutes_compare.html", context)
        )  # stored by the page cache once rendered


class MinutesComparePdfView(MinutesCompareMixin, View):
    """The pair's stored PDF, rendered once in the background; 503 until it is ready."""

    def respond(self, older, newer):
        # Queued when the newer version was frozen; until the task has run, "being prepared".
        stored = MinutesComparePdf.objects.filter(older=older, newer=newer).first()
        if stored is None:
            return self.private(generated_pdf_pending_response(self.request))
        return self.private(generated_pdf_response(self.request, stored))
