"""Staff pages in the admin for a decision: arrange its paragraphs, import its text, adopt it."""

import re

from django import forms
from django.contrib import messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.defaultfilters import filesizeformat
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext, ngettext, pgettext_lazy
from django.utils.translation import gettext_lazy as _

from core.symbols import validate_symbol
from core.uploads import MAX_IMPORT_SIZE
from decisions import services
from decisions.importing import DecisionTextError, decision_text_read, uploaded_text
from decisions.models import Decision, Paragraph
from decisions.numbering import continued_numbering_changes, numbered_in_reading_order
from meetings.models import Meeting


class AdoptForm(forms.Form):
    meeting = forms.ModelChoiceField(
        Meeting.objects.all(), label=_("Adopted at"), help_text=_("The Meeting of States Parties.")
    )
    adopted_on = forms.DateField(
        label=pgettext_lazy("date of adoption", "On"),
        help_text=_("YYYY-MM-DD"),
        widget=forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d"),
    )
    symbol = forms.CharField(
        label=_("Final symbol"),
        max_length=100,
        validators=[validate_symbol],
        help_text=_("The symbol the adopted text is issued under, e.g. the meeting's final report CCM/MSP/2011/5."),
    )
    title = forms.CharField(
        label=_("Title of the adopted text"),
        max_length=500,
        help_text=_('As adopted, without "Draft".'),
    )


class InsertForm(forms.Form):
    text = forms.CharField(widget=forms.Textarea(attrs={"rows": 3}), label=_("New paragraph"))
    where = forms.ChoiceField(label=_("Place it"))

    def __init__(self, *args, paragraphs, **kwargs):
        super().__init__(*args, **kwargs)
        choices = [("end", gettext("at the end, as the last numbered paragraph"))]
        for paragraph in paragraphs:
            number = {"number": paragraph.full_number}
            choices.append((f"after-{paragraph.pk}", gettext("after %(number)s") % number))
            choices.append((f"in-{paragraph.pk}", gettext("as the last sub-paragraph of %(number)s") % number))
        self.fields["where"].choices = choices


class ImportForm(forms.Form):
    text = forms.CharField(
        label=_("Text"),
        widget=forms.Textarea(attrs={"rows": 24, "cols": 110}),
        required=False,
        help_text=_(
            "Paste the draft as text or Markdown: 1., a), i) numbering, bullet lists, tables flattened to | rows |."
        ),
    )
    file = forms.FileField(
        label=_("File"),
        required=False,
        help_text=_("Or upload it: .txt, .md or .docx. An upload replaces the text above."),
    )

    def clean(self):
        cleaned = super().clean()
        upload = cleaned.get("file")
        if upload:
            if upload.size > MAX_IMPORT_SIZE:
                raise ValidationError(
                    {
                        "file": gettext("The file is larger than %(limit)s; import at most that much.")
                        % {"limit": filesizeformat(MAX_IMPORT_SIZE)}
                    }
                )
            try:
                cleaned["text"] = uploaded_text(name=upload.name, content=upload.read())
            except DecisionTextError as error:
                raise ValidationError({"file": error.problems}) from None
        if not cleaned.get("text", "").strip():
            raise ValidationError(gettext("Paste the text of the draft or upload a file."))
        return cleaned


def _decision(model_admin, request, object_id) -> Decision:
    decision = get_object_or_404(model_admin.get_queryset(request), pk=object_id)
    if not model_admin.has_change_permission(request, decision):
        raise PermissionDenied  # also an adopted decision: its text is frozen
    return decision


def _page(model_admin, request, decision, template, title, **context):
    return TemplateResponse(
        request,
        template,
        {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, "original": decision, "title": title}
        | context,
    )


def _back(decision):
    return reverse("admin:decisions_decision_change", args=[decision.pk])


def _numbered(decision) -> list[Paragraph]:
    """The paragraphs in reading order, each with its full number ("2. b)") and depth."""
    in_order = []
    for paragraph, _label, full_number, depth in numbered_in_reading_order(decision.paragraphs.all()):
        paragraph.full_number, paragraph.depth = full_number, depth
        in_order.append(paragraph)
    return in_order


def paragraphs_arrange_view(model_admin, request, object_id):
    """The tree with up / down / indent / outdent per paragraph, and a form to insert one."""
    decision = _decision(model_admin, request, object_id)
    paragraphs = _numbered(decision)
    insert_form = InsertForm(paragraphs=paragraphs)
    if request.method == "POST":
        by_pk = {str(paragraph.pk): paragraph for paragraph in paragraphs}
        action = request.POST.get("action", "")
        try:
            if action == "insert":
                insert_form = InsertForm(request.POST, paragraphs=paragraphs)
                if insert_form.is_valid():
                    where, _, pk = insert_form.cleaned_data["where"].partition("-")
                    services.paragraph_insert(
                        decision=decision,
                        text=insert_form.cleaned_data["text"],
                        after=by_pk[pk] if where == "after" else None,
                        inside=by_pk[pk] if where == "in" else None,
                        by=request.user,
                    )
                    messages.success(request, gettext("Paragraph inserted."))
                    return redirect(request.path)
            else:
                paragraph = by_pk.get(request.POST.get("paragraph", ""))
                moves = {
                    "up": lambda p: services.paragraph_move(paragraph=p, up=True, by=request.user),
                    "down": lambda p: services.paragraph_move(paragraph=p, up=False, by=request.user),
                    "indent": lambda p: services.paragraph_indent(paragraph=p, by=request.user),
                    "outdent": lambda p: services.paragraph_outdent(paragraph=p, by=request.user),
                }
                if paragraph is None or action not in moves:
                    raise ValidationError(gettext("That paragraph or action does not exist here; reload the page."))
                before = numbered_in_reading_order(list(decision.paragraphs.all()))  # rows the move leaves alone
                moves[action](paragraph)
                moved = {
                    "up": gettext("Paragraph %(number)s moved (up)."),
                    "down": gettext("Paragraph %(number)s moved (down)."),
                    "indent": gettext("Paragraph %(number)s moved (indent)."),
                    "outdent": gettext("Paragraph %(number)s moved (outdent)."),
                }[action]
                messages.success(request, moved % {"number": paragraph.full_number})
                # Allowed, not refused: the move is what staff asked for; the broken continuation is
                # said here and shown in the next redline ("Renumbered from vii) to i)").
                renumbered = continued_numbering_changes(before, numbered_in_reading_order(decision.paragraphs.all()))
                if renumbered:
                    listed = ", ".join(
                        gettext("%(old)s is now %(new)s") % {"old": old, "new": new} for old, new in renumbered
                    )
                    messages.warning(
                        request,
                        gettext(
                            "The move changed a continued numbering: %(listed)s. "
                            "The redline of the next revision shows them as renumbered."
                        )
                        % {"listed": listed},
                    )
                return redirect(f"{request.path}#p-{paragraph.pk}")
        except ValidationError as error:
            messages.error(request, " ".join(error.messages))
            return redirect(request.path)
    return _page(
        model_admin,
        request,
        decision,
        "admin/decisions/decision/arrange.html",
        gettext("Arrange the paragraphs: %(decision)s") % {"decision": decision},
        paragraphs=paragraphs,
        insert_form=insert_form,
        back=_back(decision),
    )


def decision_import_view(model_admin, request, object_id):
    """Paste or upload → preview of the tree, warnings and skipped lines → replace the paragraphs."""
    decision = _decision(model_admin, request, object_id)
    form = ImportForm(request.POST or None, request.FILES or None)
    preview, problems = None, []
    if request.method == "POST" and form.is_valid():
        try:
            preview = decision_text_read(form.cleaned_data["text"])
        except DecisionTextError as error:
            problems = error.problems
        else:
            if "replace" in request.POST:
                services.decision_paragraphs_replace(decision=decision, imported=preview, by=request.user)
                count = sum(1 for _ in preview.walk())
                messages.success(
                    request,
                    ngettext(
                        "Imported %(count)s paragraph; the previous ones are in the history.",
                        "Imported %(count)s paragraphs; the previous ones are in the history.",
                        count,
                    )
                    % {"count": count},
                )
                return redirect(_back(decision))
        # The preview shows what was read, from an upload too: the text goes back into the box.
        form = ImportForm(initial={"text": form.cleaned_data["text"]})
    return _page(
        model_admin,
        request,
        decision,
        "admin/decisions/decision/import.html",
        gettext("Import the text of %(decision)s") % {"decision": decision},
        form=form,
        preview=preview,
        problems=problems,
        back=_back(decision),
    )


def decision_adopt_view(model_admin, request, object_id):
    decision = _decision(model_admin, request, object_id)
    initial = {
        "meeting": decision.meeting_id,
        "adopted_on": timezone.localdate(),
        "title": re.sub(r"^draft\s+", "", decision.title, flags=re.IGNORECASE),
    }
    form = AdoptForm(request.POST or None, initial=initial)
    if request.method == "POST" and form.is_valid():
        try:
            services.decision_adopt(
                decision=decision,
                meeting=form.cleaned_data["meeting"],
                adopted_on=form.cleaned_data["adopted_on"],
                symbol=form.cleaned_data["symbol"],
                title=form.cleaned_data["title"],
                by=request.user,
            )
        except ValidationError as error:
            if hasattr(error, "error_dict"):
                for field, errors in error.message_dict.items():
                    form.add_error(field if field in form.fields else None, errors)
            else:
                form.add_error(None, error)
        else:
            messages.success(request, gettext("Adopted and published under its final symbol; the text is now frozen."))
            return redirect(_back(decision))
    return _page(
        model_admin,
        request,
        decision,
        "admin/decisions/decision/adopt.html",
        gettext("Adopt %(decision)s") % {"decision": decision},
        form=form,
        back=_back(decision),
    )
