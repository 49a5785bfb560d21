from django.http import Http404
from django.shortcuts import get_object_or_404
from django.utils import translation
from django.views.generic import DetailView, ListView

from core.stored_files import stored_file_response
from workgroups.models import GroupDocument, GroupPageTranslation, WorkingGroup
from workgroups.page_parts import group_page_parts
from workgroups.selectors import (
    committee_members,
    committee_members_from_groups,
    current_coordinations,
    group_page,
    groups_with_current_appointments,
    page_in_language_prefetch,
)


class GroupListView(ListView):
    def get_queryset(self):
        # Each group named as its page in the reader's language names it, where there is one.
        return groups_with_current_appointments().prefetch_related(
            page_in_language_prefetch(translation.get_language())
        )

    def get_context_data(self, **kwargs):
        groups = kwargs.get("object_list", self.object_list)
        # A committee's current members are derived from every group's current posts, loaded already.
        for group in groups:
            is_committee = group.kind == WorkingGroup.Kind.COMMITTEE
            group.members = committee_members_from_groups(group, groups) if is_committee else None
        return super().get_context_data(**kwargs)


class GroupDetailView(DetailView):
    def get_queryset(self):
        return group_page(self.kwargs["slug"], language=translation.get_language())

    def get_context_data(self, **kwargs):
        group = self.object
        may_edit = self.request.user.has_perm("workgroups.edit_group_page", group)
        reader = translation.get_language()
        translated = group.reader_translations[0] if group.reader_translations else None
        return super().get_context_data(
            may_edit=may_edit,
            # The page in the reader's language (French, Spanish) when there is one, else the English page.
            page=translated or group,
            page_language=translated.language if translated else "en",
            page_missing=translated is None and reader in GroupPageTranslation.Language.values,
            page_outdated=translated is not None and translated.is_outdated_for(group),
            reader_language_name=dict(GroupPageTranslation.Language.choices).get(reader, ""),
            translation_languages=GroupPageTranslation.Language.choices if may_edit else [],
            # A committee's members: its own posts and every group's current coordinators (one query).
            committee_members=committee_members(
                group, own=group.current_appointments, coordinations=current_coordinations()
            )
            if group.kind == WorkingGroup.Kind.COMMITTEE
            else None,
            # What the layers above add: the group's meetings (meetings/group_page.py).
            page_parts=group_page_parts(group, self.request.user),
            **kwargs,
        )


def group_document(request, slug, pk):
    """A group's document as an attachment, under a name made from its title, with the type read at upload."""
    document = get_object_or_404(GroupDocument.objects.select_related("group"), group__slug=slug, pk=pk)
    # Blank: stored without the checks, or its content was no accepted type when the migration read it.
    if not document.content_type:
        raise Http404("This document is not available.")
    return stored_file_response(
        document.file, filename=document.download_name, content_type=document.content_type, as_attachment=True
    )
