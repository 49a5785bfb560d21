"""The coordinator workspace: signed-in coordinators keep their own groups' pages up to date.

Every view fetches the group by slug (404 if there is none) and checks
`workgroups.edit_group_page` on it: anonymous visitors go to the sign-in page,
signed-in users without the right get 403 (group pages are public, so hiding
them would hide nothing). Updates and documents are looked up within the group
in the URL, so another group's id gives 404.
"""

from django.contrib import messages
from django.contrib.auth.mixins import LoginRequiredMixin
from django.core.exceptions import ValidationError
from django.http import Http404, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.functional import cached_property
from django.utils.translation import get_language, gettext, ngettext, pgettext
from django.utils.translation import gettext_lazy as _
from django.views.generic import FormView, TemplateView
from rules.contrib.views import PermissionRequiredMixin

from core.dates import long_date
from core.edit_conflicts import EditConflict, current_revision
from core.rich_text import render_markdown
from meetings.forms import ActionPointStatusFormSet
from meetings.models import ActionPoint
from meetings.services import action_points_set_status
from workgroups import services
from workgroups.access import groups_editable_by, standing_of
from workgroups.forms import GroupDocumentForm, GroupPageForm, GroupPageTranslationForm, GroupUpdateForm
from workgroups.models import GroupDocument, GroupPageTranslation, GroupUpdate, WorkingGroup
from workgroups.selectors import page_in_language_prefetch
from workspace.selectors import open_action_points, recent_changes


class WorkspaceView(LoginRequiredMixin, TemplateView):
    """ "My groups": what the signed-in user coordinates now, its open action points, recent changes."""

    template_name = "workspace/workspace.html"

    def get_context_data(self, **kwargs):
        groups = list(groups_editable_by(self.request.user))
        return super().get_context_data(
            standing=standing_of(self.request.user),
            groups=groups,
            open_points=open_action_points(groups),
            changes=recent_changes(groups),
            today=timezone.localdate(),
            **kwargs,
        )


class GroupWorkspaceMixin(PermissionRequiredMixin):
    permission_required = "workgroups.edit_group_page"

    @cached_property
    def group(self) -> WorkingGroup:
        return get_object_or_404(WorkingGroup, slug=self.kwargs["slug"])

    def get_permission_object(self):
        return self.group

    def get_context_data(self, **kwargs):
        return super().get_context_data(group=self.group, **kwargs)

    def handle_no_permission(self):
        """Signed in without the right: a 403 that names the groups the reader may edit instead of a bare refusal."""
        user = self.request.user
        if not user.is_authenticated:
            return super().handle_no_permission()  # to the sign-in page
        # Groups by their names in the reader's language where their coordinators gave one (English otherwise).
        language = get_language()
        in_language = page_in_language_prefetch(language)
        context = {
            "group": WorkingGroup.objects.prefetch_related(in_language).get(pk=self.group.pk),
            "may_edit_group": standing_of(user).may_edit(self.group),
            "editable_groups": list(groups_editable_by(user).prefetch_related(in_language)),
        }
        return TemplateResponse(self.request, "403.html", context, status=403)

    def back_to_page(self, message: str) -> HttpResponseRedirect:
        messages.success(self.request, message)
        return redirect(self.group)


class ConflictCheckedFormView(GroupWorkspaceMixin, FormView):
    """Edit Markdown with a preview; a save that would overwrite someone else's is refused, keeping the text."""

    def get_edited_object(self):
        raise NotImplementedError

    def get_form_kwargs(self):
        edited = self.get_edited_object()
        return super().get_form_kwargs() | {"instance": edited, "revision": current_revision(edited)}

    def form_valid(self, form):
        if "preview" in self.request.POST:
            previews = {form[name].label: render_markdown(form.cleaned_data[name]) for name in form.markdown_fields}
            return self.render_to_response(self.get_context_data(form=form, previews=previews))
        try:
            self.save(form, revision=form.cleaned_data["revision"])
        except EditConflict as conflict:
            form.restart_from(conflict.revision)
            form.add_error(
                None,
                gettext(
                    "%(person)s saved this page at %(time)s on %(date)s while you "
                    "were editing. Nothing was overwritten: your text is still below and their changes are shown "
                    "above it. Merge what you need and save again."
                )
                % {
                    "person": conflict.changed_by,
                    "time": f"{timezone.localtime(conflict.changed_at):%H:%M}",
                    "date": long_date(conflict.changed_at),
                },
            )
            return self.render_to_response(self.get_context_data(form=form, conflict=conflict))
        except ValidationError as error:
            form.add_error(None, error)
            return self.form_invalid(form)
        return self.back_to_page(self.success_message)


class GroupPageEditView(ConflictCheckedFormView):
    template_name = "workspace/group_page_form.html"
    form_class = GroupPageForm
    success_message = _("The page is saved and public.")

    def get_edited_object(self):
        return self.group

    def save(self, form, *, revision):
        changes = {name: form.cleaned_data[name] for name in WorkingGroup.PAGE_FIELDS}
        services.group_page_update(group=self.group, revision=revision, changes=changes, by=self.request.user)


class GroupPageTranslateView(ConflictCheckedFormView):
    """The group's page in French or Spanish, beside the English page it translates."""

    template_name = "workspace/group_page_translation_form.html"
    form_class = GroupPageTranslationForm
    success_message = _("The translated page is saved and public.")

    @cached_property
    def language(self) -> str:
        if self.kwargs["language"] not in GroupPageTranslation.Language.values:
            raise Http404("The pages are translated into French and Spanish.")
        return self.kwargs["language"]

    def get_edited_object(self):
        existing = GroupPageTranslation.objects.filter(group=self.group, language=self.language).first()
        return existing or GroupPageTranslation(group=self.group, language=self.language)

    def get_context_data(self, **kwargs):
        edited = self.get_edited_object()
        return super().get_context_data(
            language=self.language,
            language_name=GroupPageTranslation.Language(self.language).label,
            outdated=edited.pk is not None and edited.is_outdated_for(self.group),
            **kwargs,
        )

    def get_form_kwargs(self):
        # The English page the form is opened beside (a posted form carries the one it was opened with).
        return super().get_form_kwargs() | {"english_revision": current_revision(self.group)}

    def save(self, form, *, revision):
        changes = {name: form.cleaned_data[name] for name in GroupPageTranslation.TRANSLATED_FIELDS}
        services.group_page_translation_save(
            group=self.group,
            language=self.language,
            revision=revision,
            changes=changes,
            by=self.request.user,
            english_revision=form.cleaned_data["english_revision"] or 0,
        )


class GroupUpdateCreateView(ConflictCheckedFormView):
    template_name = "workspace/groupupdate_form.html"
    form_class = GroupUpdateForm
    success_message = _("The update is published on the group's page.")

    def get_edited_object(self):
        return GroupUpdate(group=self.group)

    def save(self, form, *, revision):
        services.group_update_create(
            group=self.group, title=form.cleaned_data["title"], body=form.cleaned_data["body"], by=self.request.user
        )


class GroupUpdateEditView(GroupUpdateCreateView):
    success_message = _("The update is saved.")

    @cached_property
    def update(self) -> GroupUpdate:
        return get_object_or_404(GroupUpdate, group=self.group, pk=self.kwargs["pk"])

    def get_edited_object(self):
        return self.update

    def save(self, form, *, revision):
        services.group_update_edit(
            update=self.update,
            revision=revision,
            title=form.cleaned_data["title"],
            body=form.cleaned_data["body"],
            by=self.request.user,
        )


class ConfirmDeleteView(GroupWorkspaceMixin, TemplateView):
    """GET asks for confirmation; POST deletes."""

    template_name = "workspace/confirm_delete.html"

    def get_context_data(self, **kwargs):
        return super().get_context_data(object=self.get_object(), **kwargs)

    def post(self, request, *args, **kwargs):
        target = self.get_object()
        self.delete(target)
        return self.back_to_page(gettext("“%(target)s” is deleted.") % {"target": target})


class GroupUpdateDeleteView(ConfirmDeleteView):
    def get_object(self) -> GroupUpdate:
        return get_object_or_404(GroupUpdate, group=self.group, pk=self.kwargs["pk"])

    def delete(self, update):
        services.group_update_delete(update=update, by=self.request.user)


class GroupDocumentDeleteView(ConfirmDeleteView):
    def get_object(self) -> GroupDocument:
        return get_object_or_404(GroupDocument, group=self.group, pk=self.kwargs["pk"])

    def delete(self, document):
        services.group_document_delete(document=document, by=self.request.user)


class GroupDocumentUploadView(GroupWorkspaceMixin, FormView):
    template_name = "workspace/groupdocument_form.html"
    form_class = GroupDocumentForm

    def get_form_kwargs(self):
        return super().get_form_kwargs() | {"instance": GroupDocument(group=self.group)}

    def form_valid(self, form):
        services.group_document_add(
            group=self.group, title=form.cleaned_data["title"], file=form.cleaned_data["file"], by=self.request.user
        )
        return self.back_to_page(gettext("The document is uploaded and listed on the group's page."))


class GroupActionPointsView(GroupWorkspaceMixin, TemplateView):
    """The status of the action points assigned to the group."""

    template_name = "workspace/group_action_points.html"

    def get_formset(self):
        points = (
            ActionPoint.objects.filter(group=self.group)
            .select_related("meeting")
            .order_by("status", "due_date", "meeting__start_date", "position")
        )
        return ActionPointStatusFormSet(self.request.POST or None, queryset=points, prefix="points")

    def get_context_data(self, **kwargs):
        return super().get_context_data(**{"formset": self.get_formset(), **kwargs})

    def post(self, request, *args, **kwargs):
        formset = self.get_formset()
        if not formset.is_valid():
            return self.render_to_response(self.get_context_data(formset=formset))
        statuses = {form.instance.pk: form.cleaned_data["status"] for form in formset.forms}
        changed = action_points_set_status(group=self.group, statuses=statuses, by=request.user)
        return self.back_to_page(
            ngettext("%(count)s action point(s) updated.", "%(count)s action point(s) updated.", len(changed))
            % {"count": len(changed)}
        )


class GroupHistoryView(GroupWorkspaceMixin, TemplateView):
    """Staff: every revision of the group's page, who saved it and what it changed, with restore."""

    permission_required = "workgroups.restore_group_page"
    template_name = "workspace/group_history.html"

    def get_context_data(self, **kwargs):
        revisions = list(self.group.history.select_related("history_user__person").order_by("-history_id"))
        for revision, earlier in zip(revisions, [*revisions[1:], None], strict=True):
            revision.page_changes = (
                [
                    WorkingGroup._meta.get_field(change.field).verbose_name
                    for change in revision.diff_against(earlier, included_fields=WorkingGroup.PAGE_FIELDS).changes
                ]
                if earlier
                else [pgettext("page history", "created")]
            )
        return super().get_context_data(revisions=revisions, **kwargs)

    def post(self, request, *args, **kwargs):
        try:
            history_id = int(request.POST.get("history_id", ""))
            services.group_page_restore(group=self.group, history_id=history_id, by=request.user)
        except (ValueError, ValidationError):
            messages.error(
                request, gettext("That revision does not belong to this group's page; nothing was restored.")
            )
            return redirect(reverse("workspace:group_history", kwargs={"slug": self.group.slug}))
        return self.back_to_page(gettext("The earlier text is restored, as a new revision."))
