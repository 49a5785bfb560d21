"""Staff pages in the admin for the contact list: import a spreadsheet with review, issue a new edition."""

import datetime

from django.contrib import messages
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils.translation import gettext, ngettext

from contacts.forms import ContactListEditionIssueForm, ContactListImportForm
from contacts.importing import ContactListFileError, contact_list_read, people_from_lines, rows_dump, rows_load
from contacts.models import ContactListEdition
from contacts.services import contact_list_edition_issue, contact_list_import
from core.dates import long_date

PAYLOAD_SALT = "contacts.import.preview"
PAYLOAD_MAX_AGE = 2 * 3600  # a review left open longer starts again from the file


def contact_list_import_view(model_admin, request):
    """Upload → review (flagged rows decided by a person, the changes shown) → import, in one transaction."""
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    if request.method == "POST" and "payload" in request.POST:
        return _review(model_admin, request)
    form = ContactListImportForm(request.POST or None, request.FILES or None)
    if request.method == "POST" and form.is_valid():
        upload = form.cleaned_data["file"]
        try:
            read = contact_list_read(name=upload.name, content=upload.read())
        except ContactListFileError as error:
            for problem in error.problems:
                form.add_error("file", problem)
        else:
            payload = {
                "as_of": form.cleaned_data["as_of"].isoformat(),
                "title": form.cleaned_data["title"],
                "file_name": upload.name,
                "rows": rows_dump(read.rows),
            }
            return _review_page(model_admin, request, payload, decisions={}, confirmed=set())
    return _page(
        model_admin, request, "admin/contacts/contact_list_import.html", gettext("Import a contact list"), form=form
    )


def _review(model_admin, request):
    try:
        payload = signing.loads(request.POST["payload"], salt=PAYLOAD_SALT, max_age=PAYLOAD_MAX_AGE)
    except signing.BadSignature:
        messages.error(
            request, gettext("The review expired or was altered; upload the file again. Nothing was imported.")
        )
        return redirect(reverse("admin:contacts_contactlistedition_import"))
    rows = rows_load(payload["rows"])
    decisions = {row.line: request.POST.get(f"decision-{row.line}", "") for row in rows if row.flag}
    confirmed = {row.line for row in rows if row.flag and request.POST.get(f"confirm-{row.line}")}
    if "import" not in request.POST:
        return _review_page(model_admin, request, payload, decisions, confirmed)
    try:
        unconfirmed = sorted(line for line in decisions if line not in confirmed)
        if unconfirmed:
            raise ValidationError(
                ngettext(
                    "Confirm how names and addresses pair on row %(rows)s (tick “Checked”), or correct it first.",
                    "Confirm how names and addresses pair on rows %(rows)s (tick “Checked”), or correct them first.",
                    len(unconfirmed),
                )
                % {"rows": ", ".join(map(str, unconfirmed))}
            )
        decided = _decided_rows(rows, decisions)
        report = contact_list_import(
            as_of=datetime.date.fromisoformat(payload["as_of"]), title=payload["title"], rows=decided, by=request.user
        )
    except ValidationError as error:
        return _review_page(model_admin, request, payload, decisions, confirmed, errors=error.messages)
    change = report.comparison
    messages.success(
        request,
        ngettext(
            "Imported %(rows)s row as the edition as of %(date)s: "
            "%(joined)s joined, %(left)s left, %(changed)s changed, %(new)s new people.",
            "Imported %(rows)s rows as the edition as of %(date)s: "
            "%(joined)s joined, %(left)s left, %(changed)s changed, %(new)s new people.",
            report.rows,
        )
        % {
            "rows": report.rows,
            "date": long_date(report.as_of),
            "joined": len(change.joined),
            "left": len(change.left),
            "changed": len(change.changed),
            "new": report.people_created,
        },
    )
    return redirect(reverse("admin:contacts_contactlistedition_change", args=[report.edition_id]))


def _decided_rows(rows, decisions):
    return [row.decided(people_from_lines(decisions[row.line], row.line)) if row.flag else row for row in rows]


def _review_page(model_admin, request, payload, decisions, confirmed, errors=()):
    rows = rows_load(payload["rows"])
    as_of = datetime.date.fromisoformat(payload["as_of"])
    decisions = {row.line: decisions.get(row.line) or row.people_as_lines() for row in rows if row.flag}
    report, problems = None, list(errors)
    try:
        report = contact_list_import(
            as_of=as_of,
            title=payload["title"],
            rows=_decided_rows(rows, decisions),
            by=request.user,
            preview=True,
        )
    except ValidationError as error:
        problems.extend(error.messages)
    return _page(
        model_admin,
        request,
        "admin/contacts/contact_list_review.html",
        gettext("Review the import of %(file)s") % {"file": payload["file_name"]},
        payload=signing.dumps(payload, salt=PAYLOAD_SALT, compress=True),
        as_of=as_of,
        rows=[(row, decisions.get(row.line, ""), row.line in confirmed) for row in rows],
        flagged=sum(1 for row in rows if row.flag),
        report=report,
        problems=problems,
    )


def contact_list_edition_issue_view(model_admin, request, object_id):
    """A new edition from this one, as of a date staff choose; its rows are then edited in the admin."""
    source = get_object_or_404(ContactListEdition, pk=object_id)
    if not model_admin.has_add_permission(request):
        raise PermissionDenied
    form = ContactListEditionIssueForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            edition = contact_list_edition_issue(source=source, as_of=form.cleaned_data["as_of"], by=request.user)
        except ValidationError as error:
            form.add_error("as_of", error)
        else:
            carried = edition.carried_corrections.count()
            messages.success(
                request,
                ngettext(
                    "%(edition)s is issued with the rows of %(date)s and %(count)s accepted "
                    "correction from the working edition; edit what changed.",
                    "%(edition)s is issued with the rows of %(date)s and %(count)s accepted "
                    "corrections from the working edition; edit what changed.",
                    carried,
                )
                % {"edition": edition, "date": source.as_of_label, "count": carried},
            )
            return redirect(reverse("admin:contacts_contactlistedition_change", args=[edition.pk]))
    return _page(
        model_admin,
        request,
        "admin/contacts/contact_list_issue.html",
        gettext("Issue a new edition from the list as of %(date)s") % {"date": source.as_of_label},
        form=form,
        original=source,
    )


def _page(model_admin, request, template, title, **context):
    return TemplateResponse(
        request,
        template,
        {**model_admin.admin_site.each_context(request), "opts": model_admin.opts, "title": title, **context},
    )
