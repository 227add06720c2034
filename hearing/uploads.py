"""Which files a hearing response may carry: recognised by their content, never by their name.

No new dependency: PDF, PNG and JPEG by their magic bytes; DOCX and ODT are zip archives, so they
are opened (without extracting) and must hold the parts that make them Word or OpenDocument text.
An .exe renamed to .pdf starts with `MZ`, not `%PDF-`, and is refused.
"""

from __future__ import annotations

import hashlib
import io
import zipfile
from dataclasses import dataclass

from django.core.files.uploadedfile import UploadedFile

MAX_ATTACHMENTS = 5
MAX_ATTACHMENT_BYTES = 10 * 1024 * 1024
_ODT_MIMETYPE = b"application/vnd.oasis.opendocument.text"


@dataclass(frozen=True)
class CheckedFile:
    upload: UploadedFile
    kind: str
    size: int
    sha256: str

    @property
    def safe_name(self) -> str:
        """The original name without a path and odd characters, with the extension it really has."""
        name = (self.upload.name or "").replace("\\", "/").rsplit("/", 1)[-1]
        stem = name.rsplit(".", 1)[0] if "." in name else name
        stem = "".join(c for c in stem if c.isalnum() or c in " -_()").strip()[:120] or "bilag"
        return f"{stem}.{self.kind}"


def sniff_kind(head: bytes, upload: UploadedFile) -> str | None:
    """'pdf', 'png', 'jpg', 'docx', 'odt', or None for anything else."""
    if head.startswith(b"%PDF-"):
        return "pdf"
    if head.startswith(b"\x89PNG\r\n\x1a\n"):
        return "png"
    if head.startswith(b"\xff\xd8\xff"):
        return "jpg"
    if head.startswith(b"PK\x03\x04"):
        return _zip_kind(upload)
    return None


def _zip_kind(upload: UploadedFile) -> str | None:
    try:
        upload.seek(0)
        with zipfile.ZipFile(upload) as archive:
            names = archive.namelist()
            if len(names) > 10_000:
                return None
            if names and names[0] == "mimetype" and "content.xml" in names:
                info = archive.getinfo("mimetype")
                if info.file_size < 200 and archive.read("mimetype").strip() == _ODT_MIMETYPE:
                    return "odt"
            if "[Content_Types].xml" in names and "word/document.xml" in names:
                return "docx"
    except (zipfile.BadZipFile, OSError, ValueError, NotImplementedError, EOFError):
        return None
    finally:
        upload.seek(0)
    return None


def check_upload(upload: UploadedFile) -> CheckedFile | str:
    """The checked file, or the reason it is refused: 'size', 'empty' or 'type'."""
    size = upload.size or 0
    if size > MAX_ATTACHMENT_BYTES:
        return "size"
    if size == 0:
        return "empty"
    upload.seek(0)
    head = upload.read(16)
    upload.seek(0)
    kind = sniff_kind(head, upload)
    if kind is None:
        return "type"
    digest = hashlib.sha256()
    for chunk in upload.chunks():
        digest.update(chunk)
    upload.seek(0)
    return CheckedFile(upload=upload, kind=kind, size=size, sha256=digest.hexdigest())


def minimal_docx() -> bytes:
    """A tiny valid-looking DOCX (used by tests and the benchmark)."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("[Content_Types].xml", "<Types/>")
        archive.writestr("word/document.xml", "<w:document/>")
    return buffer.getvalue()


def minimal_odt() -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr(zipfile.ZipInfo("mimetype"), _ODT_MIMETYPE)
        archive.writestr("content.xml", "<office:document-content/>")
    return buffer.getvalue()
