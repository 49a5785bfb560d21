import datetime

from django.contrib.auth import views as auth_views
from django.http import FileResponse, Http404, HttpResponse
from django.shortcuts import get_object_or_404, render
from django.urls import reverse_lazy
from django.utils.decorators import method_decorator
from django.utils.functional import cached_property
from django.utils.http import content_disposition_header
from django.views import View
from django.views.decorators.cache import never_cache
from django.views.generic import TemplateView
from rules.contrib.views import PermissionRequiredMixin

from contacts.exports import edition_pdf_is_current
from contacts.forms import EditionCompareForm
from contacts.models import ContactListEdition
from contacts.selectors import edition_entries, editions_compare
from contacts.tasks import render_contact_list_pdf


class InvitationAcceptView(auth_views.PasswordResetConfirmView):
    """The link in an invitation: the invited person chooses a password and is signed in."""

    template_name = "registration/invitation_accept.html"
    success_url = reverse_lazy("workspace:my_groups")
    post_reset_login = True
    # Several backends are configured (django-axes, rules); sign in with the password one.
    post_reset_login_backend = "django.contrib.auth.backends.ModelBackend"


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

    export = None  # the edition → the file's text (exports.edition_csv, exports.edition_vcards)
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
    """The stored PDF; if the list changed since it was rendered, queue a new one and say so."""

    def get(self, request, *args, **kwargs):
        edition = self.edition
        if not edition_pdf_is_current(edition):
            render_contact_list_pdf.enqueue(edition.pk)
            edition.refresh_from_db()  # the immediate task backend has rendered it already
            if not edition_pdf_is_current(edition):
                response = render(request, "contacts/pdf_pending.html", {"edition": edition}, status=503)
                response["Retry-After"] = "30"
                return response
        return FileResponse(
            edition.pdf.open("rb"),
            as_attachment=True,
            filename=f"{export_name(edition)}.pdf",
            content_type="application/pdf",
        )


def export_name(edition: ContactListEdition) -> str:
    return f"contact-list-{edition.as_of:%Y-%m-%d}"
