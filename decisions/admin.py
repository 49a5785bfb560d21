from dataclasses import replace
from functools import partial

from django.contrib import admin
from django.urls import path
from django.utils.html import format_html_join
from django.utils.safestring import mark_safe
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from simple_history.admin import SimpleHistoryAdmin

from core.admin_inlines import OrderedTreeInline, OrderedTreeInlineFormSet, SharedChoicesMixin
from core.dates import long_date
from decisions import admin_views
from decisions.models import Decision, Paragraph, Revision
from decisions.numbering import paragraph_numbers
from decisions.open_points import decision_open_points
from decisions.services import decision_revision_issue
from publishing.admin import STEPS, PublishableAdminMixin


class ParagraphFormSet(OrderedTreeInlineFormSet):
    def number_labels(self, nodes):
        return paragraph_numbers(nodes)


class FrozenWhenAdopted:
    """An adopted decision's text is frozen: it is shown, never changed."""

    def has_change_permission(self, request, obj=None):
        return super().has_change_permission(request, obj) and not (obj and obj.is_adopted)

    def has_delete_permission(self, request, obj=None):
        return super().has_delete_permission(request, obj) and not (obj and obj.is_adopted)


class ParagraphInline(FrozenWhenAdopted, OrderedTreeInline):
    model = Paragraph
    formset = ParagraphFormSet
    extra = 0
    fields = ["number", "parent", "position", "text", "closing_text", "list_style", "continues_numbering"]

    def has_add_permission(self, request, obj=None):
        return super().has_add_permission(request, obj) and not (obj and obj.is_adopted)


class RevisionInline(admin.TabularInline):
    model = Revision
    extra = 0
    can_delete = False
    fields = ["number", "symbol", "version", "created_at", "created_by"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("decision", "created_by", "version")  # each row's label names its decision
            .defer("paragraphs", "version__html", "version__search_text")
        )


def _issue_round(*, publish: bool):
    """Circulating or publishing a draft sends it out as its next revision (/Rev.N)."""

    def run(decision, *, by, reason="") -> str:
        revision = decision_revision_issue(decision=decision, by=by, publish=publish)
        if revision.version.is_draft:
            message = gettext("Circulated to the Friends as %(label)s; its PDF is being rendered.")
        else:
            message = gettext("Published as %(label)s; its PDF is being rendered.")
        return message % {"label": revision.label}

    return run


def _circulation_explained(decision: Decision) -> str:
    """A draft already public goes on in public: the confirmation page says so before staff click."""
    if decision.is_public_now:
        return gettext(
            "This draft is public already: its next round is PUBLISHED for everyone to read, not "
            "circulated to the Friends only. It goes out as the next revision (/Rev.N)."
        )
    return gettext("Freeze the current text as the next revision (/Rev.N), a DRAFT that signed-in Friends can read.")


def _public_already(decision: Decision) -> str | None:
    """Circulating a public draft publishes its next round: only from its own page, where the
    confirmation says so (_circulation_explained), never unseen in a bulk action."""
    if decision.is_public_now:
        return gettext(
            "Not circulated: this draft is public already, so its next round would be published. "
            "Use the “Circulate to the Friends” button on its page, which explains this before you confirm."
        )
    return None


@admin.register(Decision)
class DecisionAdmin(FrozenWhenAdopted, PublishableAdminMixin, SharedChoicesMixin, SimpleHistoryAdmin):
    change_form_template = "admin/decisions/decision/change_form.html"
    list_display = ["title", "symbol", "meeting", "status", "publication_state"]
    list_select_related = ["meeting"]
    list_filter = ["status", "publication_state", "meeting"]
    search_fields = ["symbol", "title", "paragraphs__text"]
    prepopulated_fields = {"slug": ["title"]}
    inlines = [ParagraphInline, RevisionInline]
    readonly_fields = ["open_points", "adoption"]
    workflow_steps = {
        **STEPS,
        "circulate": replace(
            STEPS["circulate"],
            run=_issue_round(publish=False),
            explanation=_circulation_explained,
            refused_in_bulk=_public_already,
        ),
        "publish": replace(STEPS["publish"], run=_issue_round(publish=True)),
    }

    def get_prepopulated_fields(self, request, obj=None):
        return {} if obj and obj.is_adopted else super().get_prepopulated_fields(request, obj)

    def formfield_for_choice_field(self, db_field, request, **kwargs):
        if db_field.name == "status":
            # Adoption is a step of its own (meeting and date, then the text freezes): the Adopt button.
            kwargs["choices"] = [choice for choice in Decision.Status.choices if choice[0] != Decision.Status.ADOPTED]
        return super().formfield_for_choice_field(db_field, request, **kwargs)

    @admin.display(description=_("Open points"))
    def open_points(self, decision):
        points = decision_open_points(list(decision.paragraphs.all())) if decision.pk else []
        if not points:
            return gettext("None: every placeholder is filled in.")
        return format_html_join(
            mark_safe("<br>"),
            "{} {} ({})",
            ((point.paragraph, point.text, point.kind) for point in points),
        )

    @admin.display(description=_("Adoption"))
    def adoption(self, decision):
        if not decision.is_adopted:
            return gettext("Not adopted. Use the Adopt button once nothing is left open.")
        return gettext("Adopted on %(date)s at %(meeting)s; the text is frozen.") % {
            "date": long_date(decision.adopted_on),
            "meeting": decision.adopted_at_meeting,
        }

    def get_urls(self):
        def view(function):
            return self.admin_site.admin_view(partial(function, self))

        return [
            path("<int:object_id>/adopt/", view(admin_views.decision_adopt_view), name="decisions_decision_adopt"),
            path(
                "<int:object_id>/paragraphs/",
                view(admin_views.paragraphs_arrange_view),
                name="decisions_decision_arrange",
            ),
            path("<int:object_id>/import/", view(admin_views.decision_import_view), name="decisions_decision_import"),
            *super().get_urls(),
        ]
