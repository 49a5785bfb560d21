"""Checks for uploaded documents: the type is read from the content, not taken from the name."""

import zipfile
from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.template.defaultfilters import filesizeformat

MAX_DOCUMENT_SIZE = 20 * 1024 * 1024


@dataclass(frozen=True)
class DocumentType:
    extension: str
    content_type: str
    label: str


PDF = DocumentType(".pdf", "application/pdf", "PDF")
DOCX = DocumentType(".docx", "application/vnd.openxmlformats-officedocument.wordprocessingml.document", "Word")
XLSX = DocumentType(".xlsx", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", "Excel")
ODT = DocumentType(".odt", "application/vnd.oasis.opendocument.text", "OpenDocument text")
ACCEPTED = "PDF, Word (.docx), Excel (.xlsx) or OpenDocument text (.odt)"


def detect_document_type(file) -> DocumentType | None:
    """PDF by its header; DOCX, XLSX and ODT by what their zip container holds."""
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
            if "mimetype" in names and archive.read("mimetype").strip() == ODT.content_type.encode():
                return ODT
            if "word/document.xml" in names:
                return DOCX
            if "xl/workbook.xml" in names:
                return XLSX
    except zipfile.BadZipFile:
        return None
    finally:
        file.seek(0)
    return None


def validate_document_file(file) -> None:
    if file.size > MAX_DOCUMENT_SIZE:
        raise ValidationError(
            f"The file is {filesizeformat(file.size)}; documents may be at most {filesizeformat(MAX_DOCUMENT_SIZE)}."
        )
    detected = detect_document_type(file)
    if detected is None:
        raise ValidationError(f"The file's content is not a {ACCEPTED} document, whatever its name says.")
    name = getattr(file, "name", "") or ""
    if not name.lower().endswith(detected.extension):
        raise ValidationError(
            f"The file's content is {detected.label} but its name ends otherwise; rename it to {detected.extension}."
        )
