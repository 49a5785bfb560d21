"""Checks for uploaded documents: the type is read from the content, not taken from the name.

Everything here reads a bounded number of bytes: the PDF header, a zip container's
central directory (the list of its members and their declared sizes) and at most
MIMETYPE_READ_LIMIT bytes of one member. Nothing is decompressed in full, so a
small upload that would unpack to gigabytes (a zip bomb) costs no more to check
than an honest one, and is refused by check_zip_container before any parser
(openpyxl, python-docx) opens it.
"""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024
# A text to import (a contact list, a draft decision) is read whole into memory: keep it small.
MAX_IMPORT_SIZE = 5 * 1024 * 1024

# Limits on what a zip container (DOCX, XLSX, ODT) declares in its central directory.
# Real documents stay far below them: a Word report with photographs unpacks to a few
# tens of MB, and a 20 MB upload has no honest reason to unpack to more than 200 MB.
MAX_ZIP_UNCOMPRESSED_SIZE = 200 * 1024 * 1024
# Office XML compresses about 5-20 to 1, and a spreadsheet of repeated cells perhaps
# 50 to 1; deflate reaches about 1000 to 1 only on runs of one byte, which is what a
# zip bomb is made of. 100 to 1 leaves real documents twice the room they need.
MAX_ZIP_COMPRESSION_RATIO = 100
# The ratio is only asked of what unpacks to more than this: a small member (or a
# whole small file) that compresses well costs nothing to read, whatever its ratio.
ZIP_RATIO_MIN_SIZE = 1024 * 1024
# A long report with its styles, fonts and images has a few hundred members; a workbook
# with many sheets a few thousand. More is a file built to make the reader loop.
MAX_ZIP_MEMBERS = 10_000
# The OpenDocument "mimetype" member holds one short line (39 bytes for text documents).
MIMETYPE_READ_LIMIT = 256


@dataclass(frozen=True)
class DocumentType:
    extension: str
    content_type: str
    label: str


PDF = DocumentType(".pdf", "application/pdf", "PDF")
DOCX = DocumentType(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word")
XLSX = DocumentType(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel")
ODT = DocumentType(".odt", "application/vnd.oasis.opendocument.text", _("OpenDocument text"))
ACCEPTED = _("PDF, Word (.docx), Excel (.xlsx) or OpenDocument text (.odt)")


def _grouped(number: float) -> str:
    """A count with the reader's thousands separator: 10,000 / 10 000 / 10.000."""
    return number_format(round(number), force_grouping=True)


def _is_zip(file) -> bool:
    file.seek(0)
    head = file.read(4)
    file.seek(0)
    return head == b"PK\x03\x04"


def check_zip_container(file) -> None:
    """Refuse a zip container that declares too many members, too much content or too much compression.

    Only the central directory is read. Its declared sizes can be trusted as a bound:
    Python's zipfile (which openpyxl and python-docx read through) stops a member at
    its declared size. A file that is not a readable zip passes: the type checks
    that follow refuse it with their own message.
    """
    if not _is_zip(file):
        return
    try:
        with zipfile.ZipFile(file) as archive:
            members = archive.infolist()
    except (zipfile.BadZipFile, ValueError, EOFError):
        return
    finally:
        file.seek(0)
    if len(members) > MAX_ZIP_MEMBERS:
        raise ValidationError(
            gettext("The file is an archive of %(count)s parts; a document may have at most %(limit)s.")
            % {"count": _grouped(len(members)), "limit": _grouped(MAX_ZIP_MEMBERS)}
        )
    total = sum(member.file_size for member in members)
    if total > MAX_ZIP_UNCOMPRESSED_SIZE:
        raise ValidationError(
            gettext("The file unpacks to %(size)s; a document may unpack to at most %(limit)s.")
            % {"size": filesizeformat(total), "limit": filesizeformat(MAX_ZIP_UNCOMPRESSED_SIZE)}
        )
    compressed = sum(member.compress_size for member in members)
    for size, packed in [(total, compressed), *((member.file_size, member.compress_size) for member in members)]:
        if size > ZIP_RATIO_MIN_SIZE and size > MAX_ZIP_COMPRESSION_RATIO * max(packed, 1):
            raise ValidationError(
                gettext(
                    "The file's content is compressed %(ratio)s to 1; documents are compressed "
                    "at most %(limit)s to 1, so this one is refused as a zip bomb."
                )
                % {"ratio": _grouped(size / max(packed, 1)), "limit": MAX_ZIP_COMPRESSION_RATIO}
            )


def detect_document_type(file) -> DocumentType | None:
    """PDF by its header; DOCX, XLSX and ODT by what their zip container holds (bounded reads only)."""
    file.seek(0)
    head = file.read(5)
    file.seek(0)
    if head == b"%PDF-":
        return PDF
    if head[:4] != b"PK\x03\x04":
        return None
    try:
        with zipfile.ZipFile(file) as archive:
            names = set(archive.namelist())
            if "mimetype" in names:
                with archive.open("mimetype") as member:
                    if member.read(MIMETYPE_READ_LIMIT).strip() == ODT.content_type.encode():
                        return ODT
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError, EOFError):
        # Damaged, encrypted or compressed with a method zipfile lacks: no document we accept.
        return None
    finally:
        file.seek(0)
    return None


def validate_document_file(file) -> None:
    if file.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            gettext("The file is %(size)s; documents may be at most %(limit)s.")
            % {"size": filesizeformat(file.size), "limit": filesizeformat(MAX_DOCUMENT_SIZE)}
        )
    check_zip_container(file)
    detected = detect_document_type(file)
    if detected is None:
        raise ValidationError(
            gettext("The file's content is not a %(accepted)s document, whatever its name says.")
            % {"accepted": ACCEPTED}
        )
    name = getattr(file, "name", "") or ""
    if not name.lower().endswith(detected.extension):
        raise ValidationError(
            gettext("The file's content is %(type)s but its name ends otherwise; rename it to %(extension)s.")
            % {"type": detected.label, "extension": detected.extension}
        )


def uploaded_content_type(file) -> str:
    """The content type to store with a document: read from its content once, when it is uploaded.

    Downloads serve the stored value and never read the file again; "" when the
    content is no accepted type (validate_document_file refuses such a file).
    """
    detected = detect_document_type(file) if file else None
    return detected.content_type if detected else ""
