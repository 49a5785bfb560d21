"""Circulate, publish and withdraw from the admin: buttons on the change page, bulk actions in the list."""

from collections.abc import Callable
from dataclasses import dataclass

from django import forms
from django.contrib import admin, messages
from django.contrib.contenttypes.admin import GenericTabularInline
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Prefetch
from django.http import Http404
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html, format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from simple_history.admin import SimpleHistoryAdmin

from publishing import page_cache
from publishing.forms import TranslationForm
from publishing.models import Comment, PublicationEvent, Publishable, PublishedVersion
from publishing.services import (
    circulation_deadline_set,
    document_circulate,
    document_publish,
    document_withdraw,
)
from publishing.translations import (
    LANGUAGE_NAMES,
    earlier_translation_texts,
    translation_check,
    translation_publish,
)


class VersionInline(GenericTabularInline):
    model = PublishedVersion
    extra = 0
    can_delete = False
    fields = [
        "kind",
        "number",
        "created_at",
        "created_by",
        "superseded_at",
        "withdrawn_at",
        "pdf",
        "pdf_size",
        "languages",
    ]
    readonly_fields = fields
    show_change_link = False

    @admin.display(description=gettext_lazy("Languages"))
    def languages(self, version):
        """The language versions of this version, and a link to make or correct each."""
        if not version.pk or version.withdrawn_at is not None or version.superseded_at is not None:
            return "–"  # only the current version is translated (publishing.translations.translation_check)
        document_model = self.parent_model._meta
        made = {other.language for other in version.translations.all() if other.superseded_at is None}
        links = []
        for code, name in LANGUAGE_NAMES.items():
            if code == version.language:
                continue
            url = reverse(
                f"admin:{document_model.app_label}_{document_model.model_name}_translate",
                kwargs={
                    "object_id": version.object_id,
                    "kind": version.kind,
                    "number": version.number,
                    "language": code,
                },
            )
            label = _("correct %(language)s") if code in made else _("translate into %(language)s")
            links.append(format_html('<a href="{}">{}</a>', url, label % {"language": name}))
        return format_html_join(" · ", "{}", ((link,) for link in links))

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return (
            super()
            .get_queryset(request)
            .select_related("created_by")
            .defer("html", "search_text")
            .prefetch_related(
                Prefetch(
                    "translations",
                    PublishedVersion.in_all_languages.only("pk", "translation_of", "language", "superseded_at"),
                )
            )
        )


class PublicationEventInline(GenericTabularInline):
    model = PublicationEvent
    extra = 0
    can_delete = False
    fields = ["at", "by", "from_state", "to_state", "version", "comments_deadline", "note"]
    readonly_fields = fields

    def has_add_permission(self, request, obj=None):
        return False

    def get_queryset(self, request):
        return super().get_queryset(request).select_related("by", "version")


class WithdrawForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("Reason"),
        widget=forms.Textarea(attrs={"rows": 3}),
        help_text=gettext_lazy("Shown in the record of the step."),
    )


class CirculateForm(forms.Form):
    comments_deadline = forms.DateField(
        label=gettext_lazy("Deadline for comments"),
        required=False,
        widget=forms.DateInput(attrs={"type": "date"}),
        help_text=gettext_lazy(
            "Optional. The Friends are told it with the draft, and those who have not commented are "
            "reminded two days before it."
        ),
    )

    def clean_comments_deadline(self):
        deadline = self.cleaned_data["comments_deadline"]
        if deadline is not None and deadline < timezone.localdate():
            raise ValidationError(_("The deadline for comments cannot be in the past."))
        return deadline


@dataclass(frozen=True)
class WorkflowStep:
    """A button on a document's admin page (and, for circulate and publish, a bulk action).

    `run(document, by=..., reason=...)` makes the step through a service and
    returns the message staff see. `explanation` is what the confirmation page says the step
    will do: a text, or a function of the document where that depends on it. A bulk action shows
    no confirmation page, so `refused_in_bulk(document)` names what the step would do there beyond
    its label (e.g. publish rather than circulate), and the action leaves that document alone.
    """

    label: str
    explanation: str | Callable[..., str]
    run: Callable[..., str]
    refused_in_bulk: Callable[..., str | None] | None = None

    def explain(self, document) -> str:
        return self.explanation(document) if callable(self.explanation) else self.explanation


def _circulate(document, *, by, reason="") -> str:
    version = document_circulate(document=document, by=by)
    return _("Circulated as draft %(number)s; its PDF is being rendered.") % {"number": version.number}


def _publish(document, *, by, reason="") -> str:
    version = document_publish(document=document, by=by)
    return _("Published as version %(number)s; its PDF is being rendered.") % {"number": version.number}


def _withdraw(document, *, by, reason="") -> str:
    document_withdraw(document=document, by=by, reason=reason)
    return _("Withdrawn: the public pages now show a withdrawal notice.")


STEPS = {
    "circulate": WorkflowStep(
        gettext_lazy("Circulate to the Friends"),
        gettext_lazy("Freeze the current text as a DRAFT that signed-in Friends can read."),
        _circulate,
    ),
    "publish": WorkflowStep(
        gettext_lazy("Publish"),
        gettext_lazy(
            "Freeze the current text as the next public version. Earlier versions stay online, marked superseded."
        ),
        _publish,
    ),
    "withdraw": WorkflowStep(
        gettext_lazy("Withdraw"),
        gettext_lazy(
            "Take the document off the public site. Its record and versions are kept; its pages show a withdrawal notice."
        ),
        _withdraw,
    ),
}


class ClearsPageCacheMixin:
    """For the ModelAdmin of a record that cached public pages show (meetings in the lists and on
    the home page, documents' titles, groups in the filters): every add, change or deletion made in
    the admin clears the page cache once it has committed, for every process.

    Additions and changes: the admin logs each one after saving, inside the change form's (or the
    list's) transaction, and that log also catches inlines and history restores. Deletions: after
    the delete itself, since the "delete selected" action logs before deleting, outside a transaction.
    """

    def log_addition(self, request, obj, message):
        page_cache.invalidate_on_commit()
        return super().log_addition(request, obj, message)

    def log_change(self, request, obj, message):
        page_cache.invalidate_on_commit()
        return super().log_change(request, obj, message)

    def delete_model(self, request, obj):
        super().delete_model(request, obj)
        page_cache.invalidate_on_commit()

    def delete_queryset(self, request, queryset):
        super().delete_queryset(request, queryset)
        page_cache.invalidate_on_commit()


class PublishableAdminMixin(ClearsPageCacheMixin):
    """For the ModelAdmin of a Publishable model.

    `workflow_steps` maps each step to its WorkflowStep; a document type whose
    steps do more (a decision's circulation issues its next revision) declares
    its own mapping on its ModelAdmin.
    """

    workflow_steps: dict[str, WorkflowStep] = STEPS

    change_form_template = "admin/publishing/change_form.html"
    actions = ["circulate_selected", "publish_selected"]

    def get_readonly_fields(self, request, obj=None):
        return [*super().get_readonly_fields(request, obj), "publication_state"]

    def get_inlines(self, request, obj):
        inlines = list(super().get_inlines(request, obj))
        return [*inlines, VersionInline, PublicationEventInline] if obj else inlines

    def get_urls(self):
        info = self.opts.app_label, self.opts.model_name
        return [
            path(
                "<path:object_id>/publishing/<str:step>/",
                self.admin_site.admin_view(self.publishing_step_view),
                name="{}_{}_publishing_step".format(*info),
            ),
            path(
                "<path:object_id>/translate/<str:kind>-<int:number>/<str:language>/",
                self.admin_site.admin_view(self.translate_view),
                name="{}_{}_translate".format(*info),
            ),
            *super().get_urls(),
        ]

    def document_or_404(self, request, object_id):
        """The document of an admin URL; a malformed id ("abc") is a 404 like a missing one, not a 500."""
        try:
            return get_object_or_404(self.get_queryset(request), pk=object_id)
        except (ValueError, ValidationError):
            raise Http404("No such document.") from None

    def translate_view(self, request, object_id, kind, number, language):
        """A language version of one version: the original's parts beside a field each; publishing
        freezes it (publishing.translations.translation_publish)."""
        document = self.document_or_404(request, object_id)
        if not self.has_change_permission(request, document):
            raise PermissionDenied
        original = get_object_or_404(document.versions.all(), kind=kind, number=number)
        original.document = document
        try:
            translation_check(original, language)  # no such language, the original's own, superseded, withdrawn
        except ValidationError as error:
            raise Http404(" ".join(error.messages)) from None
        parts = document.translation_parts(original)
        reads_files = type(document).translation_texts_from_file is not Publishable.translation_texts_from_file
        kept, changed = earlier_translation_texts(original, language, parts)
        form = TranslationForm(
            request.POST or None, request.FILES or None, parts=parts, reads_files=reads_files, changed=changed
        )
        form.initial_from(kept)
        if request.method == "POST" and form.is_valid():
            upload = form.cleaned_data.get("file")
            if upload is None and "publish" not in request.POST:
                form.add_error("file" if reads_files else None, _("Choose a file to read."))
            elif upload is not None:
                try:
                    texts = document.translation_texts_from_file(original, name=upload.name, content=upload.read())
                except ValidationError as error:
                    form.add_error("file", error)
                else:
                    typed = {key: text for key, text in form.texts().items() if text}
                    form = TranslationForm(parts=parts, reads_files=reads_files, changed=changed)
                    form.initial_from({**typed, **texts})
                    self.message_user(
                        request, _("Read from “%(name)s”: check the text, then publish it.") % {"name": upload.name}
                    )
            else:
                try:
                    version = translation_publish(
                        original=original, language=language, texts=form.texts(), by=request.user
                    )
                except ValidationError as error:
                    form.add_error(None, error)
                else:
                    self.message_user(
                        request,
                        _("%(language)s version of %(version)s frozen; its PDF is being rendered.")
                        % {"language": LANGUAGE_NAMES[language], "version": version.label},
                    )
                    return redirect(
                        reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[document.pk])
                    )
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": document,
            "version": original,
            "language": language,
            "language_name": LANGUAGE_NAMES[language],
            "title": _("%(language)s version of %(version)s")
            % {"language": LANGUAGE_NAMES[language], "version": original},
            "form": form,
        }
        return TemplateResponse(request, "admin/publishing/translate.html", context, status=400 if form.errors else 200)

    def publishing_step_view(self, request, object_id, step):
        if step not in self.workflow_steps:
            raise PermissionDenied
        document = self.document_or_404(request, object_id)
        if not self.has_change_permission(request, document):
            raise PermissionDenied
        if step == "circulate":
            # Bound on any post: its one field is optional, so a post without it circulates at once.
            form = CirculateForm(request.POST if request.method == "POST" else None)
        else:
            form = WithdrawForm(request.POST or None) if step == "withdraw" else None
        if request.method == "POST" and (form is None or form.is_valid()):
            reason = form.cleaned_data.get("reason", "") if form else ""
            try:
                # One transaction: the deadline is on the circulation step before the step's
                # after-commit work (the Friends' e-mails, publishing/signals.py) reads it.
                with transaction.atomic():
                    done = self.workflow_steps[step].run(document, by=request.user, reason=reason)
                    if step == "circulate" and form.cleaned_data["comments_deadline"]:
                        circulation_deadline_set(document=document, deadline=form.cleaned_data["comments_deadline"])
                self.message_user(request, done)
            except ValidationError as error:
                self.message_user(request, " ".join(error.messages), messages.ERROR)
            return redirect(reverse(f"admin:{self.opts.app_label}_{self.opts.model_name}_change", args=[document.pk]))
        title, explanation = self.workflow_steps[step].label, self.workflow_steps[step].explain(document)
        context = {
            **self.admin_site.each_context(request),
            "opts": self.opts,
            "original": document,
            "title": _("%(step)s: %(document)s") % {"step": title, "document": document},
            "explanation": explanation,
            "form": form,
            "step": step,
        }
        return TemplateResponse(request, "admin/publishing/confirm_step.html", context)

    @admin.action(description=gettext_lazy("Circulate the selected documents to the Friends"))
    def circulate_selected(self, request, queryset):
        self._bulk(request, queryset, "circulate")

    @admin.action(description=gettext_lazy("Publish the selected documents"))
    def publish_selected(self, request, queryset):
        self._bulk(request, queryset, "publish")

    def _bulk(self, request, queryset, step):
        refused_in_bulk = self.workflow_steps[step].refused_in_bulk
        for document in queryset:
            refusal = refused_in_bulk(document) if refused_in_bulk else None
            if refusal:
                self.message_user(request, f"{document}: {refusal}", messages.WARNING)
                continue
            try:
                self.message_user(request, f"{document}: {self.workflow_steps[step].run(document, by=request.user)}")
            except ValidationError as error:
                self.message_user(request, f"{document}: {' '.join(error.messages)}", messages.ERROR)


@admin.register(PublishedVersion)
class PublishedVersionAdmin(admin.ModelAdmin):
    """Read-only: versions are made by the workflow and never edited."""

    list_display = ["title", "kind", "number", "language", "created_at", "superseded_at", "withdrawn_at", "pdf_size"]
    list_filter = ["kind", "language", "content_type"]
    search_fields = ["title", "reference"]
    exclude = ["html", "search_text", "search_vector", "translated_texts"]

    def get_queryset(self, request):
        # Every language: the default manager holds the originals only.
        return PublishedVersion.in_all_languages.select_related("translation_of").defer("html", "search_text")

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Comment)
class CommentAdmin(SimpleHistoryAdmin):
    """Comments on every document type, by document and target; staff mark each taken up or not and
    may answer it. The next version circulated or published records the ones it answers."""

    list_display = [
        "target_label", "short_text", "document_title", "author", "version", "status", "answered_in", "created_at",
    ]  # fmt: skip
    change_form_template = "admin/change_form.html"  # not the documents' one with workflow steps
    list_display_links = ["short_text"]
    list_editable = ["status"]
    list_filter = ["status", "content_type"]
    list_select_related = ["author", "version", "answered_in"]
    search_fields = ["text", "proposed_wording", "target_label"]
    fields = [
        "document_title", "version", "target_label", "author", "created_at",
        "text", "proposed_wording", "status", "response", "answered_in",
    ]  # fmt: skip
    readonly_fields = [field for field in fields if field not in {"status", "response"}]

    def get_queryset(self, request):
        heavy = ("html", "search_text", "search_vector")
        deferred = [f"{relation}__{field}" for relation in ("version", "answered_in") for field in heavy]
        return super().get_queryset(request).defer(*deferred)

    @admin.display(description=gettext_lazy("Document"))
    def document_title(self, comment):
        return comment.version.title

    @admin.display(description=gettext_lazy("Comment"))
    def short_text(self, comment):
        return comment.text if len(comment.text) <= 90 else f"{comment.text[:87]}…"

    def has_add_permission(self, request):
        return False  # comments come from the readers, through the comments page
