"""A CV file -> `CandidateProfile`. PDFs and DOCX files are read in a sandboxed child (both
end as the same lines, then the same sections); text files directly.

Every way a file can be unreadable ends as a `CVError` with a one-line message that names
the file ("cv.pdf is password-protected"); nothing else escapes.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

from iq_tui.engine.errors import CVError
from iq_tui.engine.models import CandidateProfile
from iq_tui.engine.shortnames import fit_name
from iq_tui.engine.reading.own_exports import SNIFF_BYTES, export_kind
from iq_tui.engine.reading.profile import build_profile, profile_from_text

__all__ = ["Document", "extract_profile", "profile_from_text", "read_document"]

MAX_TEXT_BYTES = 2 * 1024 * 1024
_SNIFF = 1024
MAX_NAME_SHOWN = 60
_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # old binary Office files, encrypted OOXML
_ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_PACKAGE = "EncryptedPackage".encode("utf-16-le")
_OLE_SCAN_BYTES = 8 * 1024 * 1024


def _read_pdf_for_sandbox(path: str, max_pages: int) -> dict[str, Any]:
    """Runs in the child: the reader's data, or {"problem": kind} for a file it cannot read."""
    from iq_tui.engine.reading.pdf_reader import PdfProblem, read_pdf

    try:
        return read_pdf(path, max_pages)
    except PdfProblem as exc:
        return {"problem": exc.kind, "detail": exc.detail}


def _read_docx_for_sandbox(path: str) -> dict[str, Any]:
    """Runs in the child: the DOCX reader's data, or {"problem": kind, "detail": …}."""
    from iq_tui.engine.reading.docx_reader import DocxProblem, read_docx

    try:
        return read_docx(path)
    except DocxProblem as exc:
        return {"problem": exc.kind, "detail": exc.detail}


def _in_sandbox(
    name: str, what: str, fn: Any, *args: Any, timeout: float, max_memory_mb: int
) -> dict[str, Any]:
    """`fn(*args)` in the bounded child; its limits and crashes as one-line `CVError`s."""
    from iq_tui.engine.reading import sandbox

    try:
        return sandbox.run_sandboxed(fn, *args, timeout=timeout, max_memory_mb=max_memory_mb)
    except sandbox.SandboxTimeout:
        raise CVError(f"{name} took longer than {timeout:g} s to read and was stopped") from None
    except sandbox.SandboxMemoryError:
        raise CVError(
            f"{name} needs more than {max_memory_mb} MB to read and was stopped"
        ) from None
    except sandbox.SandboxCrash:
        raise CVError(f"{name} is not {what} (or is corrupt)") from None


def _hidden_warning(chars: int) -> list[str]:
    if not chars:
        return []
    return [f"hidden text found: {chars} characters in white or tiny font were ignored"]


def _pdf_warnings(data: dict[str, Any], max_pages: int) -> list[str]:
    warnings = []
    if data["page_count"] > data["pages_read"]:
        warnings.append(
            f"only the first {data['pages_read']} of {data['page_count']} pages were read "
            f"(the limit is {max_pages})"
        )
    for page in data["empty_pages"]:
        warnings.append(f"page {page} has no text layer (scanned?)")
    return warnings + _hidden_warning(data["hidden_chars"])


@dataclass(frozen=True)
class Document:
    """A file's lines in reading order (with layout hints where the format has them)."""

    lines: list[dict[str, Any]] | None
    """The PDF or DOCX reader's lines; None for a text file (then `text` holds it)."""
    text: str = ""
    pages: int = 1
    warnings: tuple[str, ...] = ()


def _read_pdf(
    path: Path, name: str, max_pages: int, timeout: float, max_memory_mb: int
) -> Document:
    # Imported here, before the fork, so each child starts with pdfplumber loaded.
    import pdfplumber  # noqa: F401

    data = _in_sandbox(
        name,
        "a PDF",
        _read_pdf_for_sandbox,
        str(path),
        max_pages,
        timeout=timeout,
        max_memory_mb=max_memory_mb,
    )
    problem = data.get("problem")
    if problem == "encrypted":
        raise CVError(f"{name} is password-protected")
    if problem == "empty":
        raise CVError(f"{name} is empty: the PDF has no pages")
    if problem == "too_large":
        raise CVError(f"{name} was refused: {data.get('detail') or 'it inflates too far'}")
    if problem:
        raise CVError(f"{name} is not a PDF (or is corrupt)")
    if not data["lines"]:
        if data["hidden_chars"]:
            raise CVError(f"{name} has no visible text: all its text is hidden")
        raise CVError(f"{name} has no text layer: it looks scanned")
    return Document(
        data["lines"],
        pages=data["pages_read"],
        warnings=tuple(_pdf_warnings(data, max_pages)),
    )


def _read_docx(path: Path, name: str, timeout: float, max_memory_mb: int) -> Document:
    # Imported here, before the fork, so each child starts with python-docx loaded.
    import docx  # noqa: F401

    data = _in_sandbox(
        name,
        "a Word document",
        _read_docx_for_sandbox,
        str(path),
        timeout=timeout,
        max_memory_mb=max_memory_mb,
    )
    problem = data.get("problem")
    if problem == "too_large":
        raise CVError(f"{name} was refused: {data.get('detail') or 'it unpacks too far'}")
    if problem:
        raise CVError(f"{name} is not a Word document (or is corrupt)")
    if not data["lines"]:
        if data["hidden_chars"]:
            raise CVError(f"{name} has no visible text: all its text is hidden")
        raise CVError(f"{name} has no text")
    warnings = _hidden_warning(data["hidden_chars"])
    if data["truncated"]:
        warnings.insert(0, f"only the first {MAX_TEXT_BYTES >> 20} MB of text were read")
    return Document(data["lines"], pages=data["pages"], warnings=tuple(warnings))


def _ole_file(path: Path, name: str) -> CVError:
    """Why an OLE compound file (an old .doc, or an encrypted .docx) is not read."""
    try:
        with path.open("rb") as f:
            encrypted = _ENCRYPTED_PACKAGE in f.read(_OLE_SCAN_BYTES)
    except OSError:
        encrypted = False
    if encrypted:
        return CVError(f"{name} is password-protected: save an unprotected copy")
    return CVError(
        f"{name} is an old binary Word file (.doc): save it as .docx or PDF and choose that"
    )


def _decode_text(raw: bytes, name: str) -> str:
    if b"\x00" in raw[: _SNIFF * 8]:
        raise CVError(f"{name} is not a PDF or a text file")
    for encoding in ("utf-8-sig", "cp1252"):
        try:
            return raw.decode(encoding)
        except UnicodeDecodeError:
            continue
    return raw.decode("latin-1")


def read_document(
    path: str | Path,
    *,
    noun: str = "CV",
    max_pages: int = 30,
    timeout: float = 15.0,
    max_memory_mb: int = 1024,
    max_text_bytes: int = MAX_TEXT_BYTES,
) -> Document:
    """Read the file at `path` (PDF, DOCX, plain text, Markdown) into lines, or raise `CVError`
    with a one-line reason naming the file. `noun` names what the file should be ("CV",
    "job description") in those reasons. PDFs and DOCX files are read in the bounded child."""
    path = Path(path)
    name = fit_name(path.name or str(path), MAX_NAME_SHOWN)
    try:
        if not path.exists():
            if path.is_symlink():
                raise CVError(f"{name} is a broken symbolic link (or a loop of links)")
            raise CVError(f"{name} does not exist")
        if path.is_dir():
            raise CVError(f"{name} is a directory, not a {noun} file")
        if not path.is_file():  # a pipe or a device: reading may never end
            raise CVError(
                f"{name} is not a regular file (a pipe or a device): save the {noun} to a file"
            )
        size = path.stat().st_size
        with path.open("rb") as f:
            head = f.read(_SNIFF)
    except PermissionError:
        raise CVError(f"{name} cannot be read: permission denied") from None
    except OSError as exc:
        raise CVError(f"{name} cannot be read: {exc.strerror or exc}") from None
    if size == 0 or not head.strip():
        raise CVError(f"{name} is empty")
    suffix = path.suffix.lower()
    if b"%PDF-" in head:
        return _read_pdf(path, name, max(1, max_pages), timeout, max_memory_mb)
    if suffix == ".pdf":
        raise CVError(f"{name} is not a PDF (or is corrupt)")
    if head.startswith(_OLE_MAGIC):
        raise _ole_file(path, name)
    if head.startswith(_ZIP_MAGIC) or suffix == ".docx":
        if not head.startswith(_ZIP_MAGIC):
            raise CVError(f"{name} is not a Word document (or is corrupt)")
        return _read_docx(path, name, timeout, max_memory_mb)
    if size > max_text_bytes:
        raise CVError(f"{name} is too large for a {noun} ({size // 1024 // 1024} MB of text)")
    text = _decode_text(path.read_bytes(), name)
    if not text.strip():
        raise CVError(f"{name} is empty")
    kind = export_kind(text[:SNIFF_BYTES])
    if kind:
        raise CVError(f"{name} is an interview {kind} exported by iq-tui, not a {noun}")
    return Document(None, text=text)


def extract_profile(
    path: str | Path,
    *,
    max_pages: int = 30,
    timeout: float = 15.0,
    max_memory_mb: int = 1024,
) -> CandidateProfile:
    """Read the CV at `path` (PDF, DOCX, plain text, Markdown) into a profile, or raise
    `CVError`."""
    doc = read_document(
        path, max_pages=max_pages, timeout=timeout, max_memory_mb=max_memory_mb
    )
    if doc.lines is None:
        return profile_from_text(doc.text, pages=1)
    return build_profile(doc.lines, pages=doc.pages, warnings=doc.warnings)
