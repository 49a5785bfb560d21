"""Small files of each document type, as their content says (not their names)."""

import functools
import io
import zipfile

PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"


def docx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<document/>")
    return buffer.getvalue()


def xlsx_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("xl/workbook.xml", "<workbook/>")
    return buffer.getvalue()


def odt_bytes() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("mimetype", "application/vnd.oasis.opendocument.text")
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()


@functools.cache
def zip_bomb(
    base: bytes, *, size: int = 300 * 1024 * 1024, name: str = "word/media/padding.bin", prefix: bytes = b""
) -> bytes:
    """`base` (a .docx, .xlsx ...) with a member `name` of `prefix` and `size` zero bytes: 300 MB deflate to
    about 300 KB. A member of `base` of the same name is replaced."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for member in source.infolist():
            if member.filename != name:
                archive.writestr(member, source.read(member))
        with archive.open(name, "w") as padding:
            padding.write(prefix)
            chunk = bytes(1024 * 1024)
            for _ in range(size // len(chunk)):
                padding.write(chunk)
    return buffer.getvalue()


def zip_with_many_members(base: bytes, count: int) -> bytes:
    """`base` with `count` more empty members: each costs the reader a loop, not a byte."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(base)) as source, zipfile.ZipFile(buffer, "w") as archive:
        for member in source.infolist():
            archive.writestr(member, source.read(member))
        for index in range(count):
            archive.writestr(f"customXml/item{index}.xml", b"")
    return buffer.getvalue()
