import datetime

from django.contrib import messages
from django.contrib.auth import views as auth_views
from django.http import Http404, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.utils.translation import gettext
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import CreateView, DetailView, ListView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from contacts.exports import edition_pdf_is_current, export_name
from contacts.forms import ContactListCorrectionForm, EditionCompareForm
from contacts.models import ContactListCorrection, ContactListEdition, ContactListEntry
from contacts.selectors import edition_entries, editions_compare
from contacts.services import contact_list_correction_propose
from publishing.generated import generated_pdf_pending_response, generated_pdf_response


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The link in an invitation: the invited person chooses a password and is signed in."""

    template_name = "registration/invitation_accept.html"
    success_url = reverse_lazy("workspace:my_groups")
    post_reset_login = True
    # Several backends are configured (django-axes, rules); sign in with the password one.
    post_reset_login_backend = "workgroups.access.ReaderBackend"


class ContactListAccessMixin(PermissionRequiredMixin):
    """Anonymous visitors sign in first; signed-in users who are not Friends, post holders or staff get 403.

    Every response holds e-mail addresses, so none may be stored by a cache.
    """

    permission_required = "contacts.view_directory"

    @method_decorator(never_cache)
    def dispatch(self, request, *args, **kwargs):
        return super().dispatch(request, *args, **kwargs)

    @cached_property
    def edition(self) -> ContactListEdition:
        as_of = self.kwargs["as_of"]
        try:
            day = datetime.date.fromisoformat(as_of)
        except ValueError:
            raise Http404(f"“{as_of}” is not a date (YYYY-MM-DD).") from None
        return get_object_or_404(ContactListEdition, as_of=day)


class DirectoryView(ContactListAccessMixin, TemplateView):
    """The contact list grouped by thematic area or role, searchable, with the editions to compare."""

    template_name = "contacts/directory.html"

    @cached_property
    def editions(self) -> list[ContactListEdition]:
        return list(ContactListEdition.objects.order_by("-as_of"))

    @cached_property
    def edition(self) -> ContactListEdition:
        if "as_of" in self.kwargs:
            return super().edition
        if not self.editions:
            raise Http404("No contact list has been issued yet.")
        return self.editions[0]

    def get_context_data(self, **kwargs):
        query = self.request.GET.get("q", "")[:100]
        return super().get_context_data(
            edition=self.edition,
            entries=edition_entries(self.edition, query),
            query=query,
            editions=self.editions,
            is_latest=self.editions[0].pk == self.edition.pk,
            **kwargs,
        )


class EditionCompareView(ContactListAccessMixin, TemplateView):
    """Who joined, who left and whose address or role changed between two editions."""

    template_name = "contacts/edition_compare.html"

    def get_context_data(self, **kwargs):
        form = EditionCompareForm(self.request.GET or None)
        comparison = None
        if form.is_valid():
            comparison = editions_compare(form.cleaned_data["older"], form.cleaned_data["newer"])
        return super().get_context_data(form=form, comparison=comparison, **kwargs)


class EditionExportView(ContactListAccessMixin, View):
    """An edition as a file to download; urls.py names the writer, the type and the extension."""

    export = None  # the edition → the file's text or bytes (exports.edition_csv, edition_xlsx, edition_vcards)
    content_type = ""
    extension = ""

    def get(self, request, *args, **kwargs):
        return HttpResponse(
            self.export(self.edition),
            content_type=self.content_type,
            headers={
                "Content-Disposition": content_disposition_header(
                    as_attachment=True, filename=f"{export_name(self.edition)}.{self.extension}"
                )
            },
        )


class EditionPdfView(ContactListAccessMixin, View):
    """The stored PDF, rendered after each import or change; "being prepared" while the list has
    changed since (the change queued a new one)."""

    def get(self, request, *args, **kwargs):
        edition = self.edition
        if not edition_pdf_is_current(edition):
            return generated_pdf_pending_response(request)
        return generated_pdf_response(request, edition, as_attachment=True)


class CorrectionProposeView(ContactListAccessMixin, CreateView):
    """A Friend proposes a correction to a row of the newest list (`entry_id`), or a new row."""

    model = ContactListCorrection
    form_class = ContactListCorrectionForm

    @cached_property
    def entry(self) -> ContactListEntry | None:
        if "entry_id" not in self.kwargs:
            return None
        newest = ContactListEdition.objects.order_by("-as_of").first()
        # Only the newest edition's rows are corrected: a row of another edition is not found.
        return get_object_or_404(
            ContactListEntry.objects.select_related("country", "organisation"),
            pk=self.kwargs["entry_id"],
            edition=newest,
        )

    def get_form_kwargs(self):
        return {**super().get_form_kwargs(), "entry": self.entry}

    def get_context_data(self, **kwargs):
        members = self.entry.members.select_related("person") if self.entry else []
        return super().get_context_data(entry=self.entry, members=members, **kwargs)

    def form_valid(self, form):
        correction = contact_list_correction_propose(correction=form.instance, by=self.request.user)
        if correction.status == ContactListCorrection.Status.ACCEPTED:
            messages.success(
                self.request,
                gettext("Your addresses are corrected; the next edition of the list prints them."),
            )
        else:
            messages.success(
                self.request, gettext("Thank you: your proposal is sent to the secretariat, who will decide on it.")
            )
        return redirect("contacts:correction_list")


class CorrectionListView(ContactListAccessMixin, ListView):
    """My proposals: the reader's own, with their status and staff's answer."""

    context_object_name = "corrections"

    def get_queryset(self):
        return ContactListCorrection.objects.filter(proposed_by=self.request.user).select_related(
            "entry__country", "entry__organisation", "person", "country", "organisation", "carried_in"
        )


class CorrectionDetailView(ContactListAccessMixin, DetailView):
    """One of the reader's own proposals; anyone else's is not found."""

    context_object_name = "correction"

    def get_permission_object(self):
        return None  # reading the directory is the permission; the queryset then finds only the reader's own

    def get_queryset(self):
        return CorrectionListView.get_queryset(self)
