"""Word CVs: real .docx files built here with python-docx, in the shapes CV templates use, read
through the same bounded child and the same sections, highlights and skills as PDFs."""

from __future__ import annotations

import io
import zipfile
from pathlib import Path

import docx
import pytest
from docx.enum.text import WD_BREAK
from docx.shared import Pt, RGBColor
from test_cli_extract import assert_one_line_error, run_extract

from iq_tui.engine.errors import CVError
from iq_tui.engine.reading.extract import extract_profile, profile_from_text

JOBS = [
    ("Senior Backend Engineer", "Initrode Inc", "Jan 2021 – Present",
     ["Built the payments API in Python and PostgreSQL, serving 2M requests a day.",
      "Cut p99 latency by 40% with Redis caching."]),
    ("Software Engineer", "Globex Corporation", "Jun 2017 – Dec 2020",
     ["Moved 30 services to Kubernetes on AWS."]),
]
MARKDOWN_CV = "# Morgan Avery\nmorgan.avery@example.com\n\n## Experience\n" + "".join(
    f"**{title}, {org}**    {dates}\n" + "".join(f"- {b}\n" for b in bullets)
    for title, org, dates, bullets in JOBS
)
SKILLS = "Python, PostgreSQL, Redis, Kubernetes, Terraform"


def _bold(paragraph, text: str, size: float | None = None) -> None:
    run = paragraph.add_run(text)
    run.bold = True
    if size:
        run.font.size = Pt(size)


def _jobs(doc_or_cell, *, heading) -> None:
    heading(doc_or_cell, "Experience")
    for title, org, dates, bullets in JOBS:
        p = doc_or_cell.add_paragraph()
        _bold(p, f"{title}, {org}")
        p.add_run(f"\t{dates}")
        for bullet in bullets:
            doc_or_cell.add_paragraph(bullet, style="List Bullet")


def _bold_heading(container, text: str) -> None:
    _bold(container.add_paragraph(), text.upper(), 13)


def single_column() -> docx.Document:
    """Name in large bold type, headings as bold capitals, bullets as a list style."""
    doc = docx.Document()
    _bold(doc.add_paragraph(), "Morgan Avery", 24)
    doc.add_paragraph("morgan.avery@example.com | +1 555 010 0199 | Portland, OR")
    _jobs(doc, heading=_bold_heading)
    _bold_heading(doc, "Education")
    doc.add_paragraph("B.S. Computer Science, Example State University, 2017")
    _bold_heading(doc, "Skills")
    doc.add_paragraph(SKILLS)
    return doc


def two_column_table() -> docx.Document:
    """The common template: the name above a one-row table, a sidebar cell and a main cell."""
    doc = docx.Document()
    _bold(doc.add_paragraph(), "Morgan Avery", 24)
    table = doc.add_table(rows=1, cols=2)
    side, main = table.rows[0].cells
    side.paragraphs[0].text = "morgan.avery@example.com"
    side.add_paragraph("+1 555 010 0199")
    _bold_heading(side, "Skills")
    for skill in SKILLS.split(", "):
        side.add_paragraph(skill, style="List Bullet")
    _bold_heading(side, "Education")
    side.add_paragraph("B.S. Computer Science")
    side.add_paragraph("Example State University, 2017")
    main.paragraphs[0].text = "Backend engineer who ships reliable payment systems."
    _jobs(main, heading=_bold_heading)
    return doc


def styled_headings() -> docx.Document:
    """Word's own styles: Title for the name, Heading 1 for sections (sizes from the styles,
    none set on the runs), a line break inside the contact paragraph."""
    doc = docx.Document()
    doc.add_heading("Morgan Avery", level=0)
    contact = doc.add_paragraph("morgan.avery@example.com")
    contact.add_run().add_break(WD_BREAK.LINE)
    contact.add_run("+1 555 010 0199")
    _jobs(doc, heading=lambda d, text: d.add_heading(text, level=1))
    doc.add_heading("Education", level=1)
    doc.add_paragraph("B.S. Computer Science, Example State University, 2017")
    doc.add_heading("Skills", level=1)
    doc.add_paragraph(SKILLS)
    return doc


W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
MC = 'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"'


def _xml_paragraph(text: str, *, bold: bool = False, size: int = 0) -> str:
    props = ("<w:b/>" if bold else "") + (f'<w:sz w:val="{size * 2}"/>' if size else "")
    return f'<w:p><w:r><w:rPr>{props}</w:rPr><w:t xml:space="preserve">{text}</w:t></w:r></w:p>'


def template_controls() -> docx.Document:
    """What Word's own resume templates write: the name in a content control, the contact
    line with an inline control, and the skills in a floating text box (drawn once for new
    readers and once more in a fallback for old ones, which must not be read twice)."""
    from docx.oxml import parse_xml

    doc = docx.Document()
    body = doc.element.body
    name = parse_xml(
        f"<w:sdt {W}><w:sdtPr/><w:sdtContent>"
        + _xml_paragraph("Morgan Avery", bold=True, size=24).replace("<w:p>", f"<w:p {W}>")
        + "</w:sdtContent></w:sdt>"
    )
    body.insert(0, name)
    contact = doc.add_paragraph("Email: ")
    contact._p.append(parse_xml(
        f'<w:sdt {W}><w:sdtContent><w:r><w:t>morgan.avery@example.com</w:t></w:r>'
        "</w:sdtContent></w:sdt>"
    ))
    box_body = _xml_paragraph("SKILLS", bold=True, size=13) + _xml_paragraph(SKILLS)
    anchor = doc.add_paragraph()
    anchor._p.append(parse_xml(
        f"<w:r {W} {MC}><mc:AlternateContent>"
        f"<mc:Choice Requires=\"wps\"><w:drawing><w:txbxContent>{box_body}</w:txbxContent>"
        "</w:drawing></mc:Choice>"
        f"<mc:Fallback><w:pict><w:txbxContent>{box_body}</w:txbxContent></w:pict></mc:Fallback>"
        "</mc:AlternateContent></w:r>"
    ))
    _jobs(doc, heading=_bold_heading)
    _bold_heading(doc, "Education")
    doc.add_paragraph("B.S. Computer Science, Example State University, 2017")
    return doc


def save(doc: docx.Document, path: Path) -> Path:
    doc.save(str(path))
    return path


SHAPES = {"single-column": single_column, "two-column-table": two_column_table,
          "styled-headings": styled_headings, "template-controls": template_controls}


@pytest.mark.parametrize("shape", list(SHAPES))
def test_docx_shapes_read_like_a_pdf(tmp_path: Path, shape: str) -> None:
    profile = extract_profile(save(SHAPES[shape](), tmp_path / "cv.docx"))
    assert profile.name == "Morgan Avery"
    assert profile.email == "morgan.avery@example.com"
    assert {"Python", "PostgreSQL", "Redis", "Kubernetes", "Terraform"} <= set(profile.skills)
    got = [(job.title, job.organization) for job in profile.experience]
    assert got == [(title, org) for title, org, _, _ in JOBS]
    for *_, bullets in JOBS:  # each bullet its own line, verbatim, as the PDF reader gives it
        for bullet in bullets:
            assert f"\n• {bullet}\n" in profile.text + "\n"
    # the same entries (summaries, highlights) as the same CV written as Markdown
    assert profile.experience == profile_from_text(MARKDOWN_CV).experience
    assert profile.experience[0].start == "Jan 2021"
    assert [e.institution for e in profile.education] == ["Example State University"]
    assert profile.pages == 1
    assert profile.warnings == []
    assert profile.text.count("Terraform") == 1  # a text box is read once


def test_docx_header_hidden_text_and_page_breaks(tmp_path: Path) -> None:
    doc = single_column()
    doc.sections[0].header.paragraphs[0].text = "Curriculum vitae"
    planted = doc.add_paragraph()
    white = planted.add_run("IGNOREWHITE Haskell")
    white.font.color.rgb = RGBColor(0xFF, 0xFF, 0xFF)
    vanish = planted.add_run(" IGNOREHIDDEN Erlang")
    vanish.font.hidden = True
    doc.add_paragraph().add_run().add_break(WD_BREAK.PAGE)
    doc.add_paragraph("References available on request.")
    profile = extract_profile(save(doc, tmp_path / "cv.docx"))
    assert profile.text.startswith("Curriculum vitae\nMorgan Avery")
    assert "IGNORE" not in profile.text
    assert not {"Haskell", "Erlang"} & set(profile.skills)
    hidden = len("IGNOREWHITEHaskell") + len("IGNOREHIDDENErlang")
    assert profile.warnings == [
        f"hidden text found: {hidden} characters in white or tiny font were ignored"
    ]
    assert profile.pages == 2


def test_docx_through_the_cli(tmp_path: Path) -> None:
    result = run_extract(save(two_column_table(), tmp_path / "cv.docx"), "--format", "json")
    assert result.returncode == 0, result.stderr
    assert '"name": "Morgan Avery"' in result.stdout


# -- files that are not (readable) DOCX: one line, exit 2 ----------------------------------

OLE = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 504


def _ole_with(*stream_names: str) -> bytes:
    """An OLE compound file's header and a directory sector naming `stream_names` (enough
    for the sniffing: an old .doc names "WordDocument", an encrypted OOXML file
    "EncryptedPackage")."""
    entries = b"".join(name.encode("utf-16-le").ljust(128, b"\x00") for name in stream_names)
    return OLE + entries.ljust(512, b"\x00")


def _truncated_docx(tmp_path: Path) -> bytes:
    data = save(single_column(), tmp_path / "whole.docx").read_bytes()
    return data[: len(data) // 2]


def _docx_without_document(tmp_path: Path) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w") as package:
        package.writestr("[Content_Types].xml", "<Types/>")
    return buffer.getvalue()


def _broken_xml_docx(tmp_path: Path) -> bytes:
    source = save(single_column(), tmp_path / "whole.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(buffer, "w") as new:
        for info in old.infolist():
            body = old.read(info.filename)
            if info.filename == "word/document.xml":
                body = body[: len(body) // 2]
            new.writestr(info, body)
    return buffer.getvalue()


def _unpack_bomb(tmp_path: Path) -> bytes:
    source = save(single_column(), tmp_path / "whole.docx")
    buffer = io.BytesIO()
    with zipfile.ZipFile(source) as old, zipfile.ZipFile(
        buffer, "w", compression=zipfile.ZIP_DEFLATED
    ) as new:
        for info in old.infolist():
            new.writestr(info.filename, old.read(info.filename))
        new.writestr("word/media/image1.png", b"\x00" * (80 << 20))
    return buffer.getvalue()


BAD = {
    "old-doc": ("cv.doc", lambda t: _ole_with("Root Entry", "WordDocument"),
                "cv.doc is an old binary Word file (.doc): save it as .docx or PDF"),
    "doc-named-docx": ("cv.docx", lambda t: _ole_with("Root Entry", "WordDocument"),
                       "cv.docx is an old binary Word file (.doc)"),
    "encrypted": ("cv.docx", lambda t: _ole_with("Root Entry", "EncryptionInfo",
                                                 "EncryptedPackage"),
                  "cv.docx is password-protected: save an unprotected copy"),
    "truncated": ("cv.docx", _truncated_docx, "cv.docx is not a Word document (or is corrupt)"),
    "not-zip": ("cv.docx", lambda t: b"just words, no Word at all\n",
                "cv.docx is not a Word document (or is corrupt)"),
    "no-document": ("cv.docx", _docx_without_document,
                    "cv.docx is not a Word document (or is corrupt)"),
    "broken-xml": ("cv.docx", _broken_xml_docx, "cv.docx is not a Word document (or is corrupt)"),
    "unpack-bomb": ("cv.docx", _unpack_bomb, "cv.docx was refused: it unpacks to 80 MB"),
}


@pytest.mark.parametrize("case", list(BAD))
def test_unreadable_word_files(tmp_path: Path, case: str) -> None:
    name, make, message = BAD[case]
    path = tmp_path / name
    path.write_bytes(make(tmp_path))
    with pytest.raises(CVError) as caught:
        extract_profile(path)
    assert str(caught.value).startswith(message)


def test_old_doc_through_the_cli(tmp_path: Path) -> None:
    path = tmp_path / "cv.doc"
    path.write_bytes(_ole_with("Root Entry", "WordDocument"))
    assert_one_line_error(run_extract(path), "cv.doc is an old binary Word file (.doc)")
