"""Build examples/sample-cv.pdf and examples/sample-cv.md from one fictional CV.

Everything in it is invented: the person, the employers, the university, the projects.
Run from the repository root after changing the content:

    python examples/make_sample_cv.py

Needs fpdf2 (`pip install fpdf2`), a tool for this script only: the PDF is committed, so the
app itself does not depend on it.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

HERE = Path(__file__).resolve().parent


@dataclass(frozen=True)
class Entry:
    heading: str
    detail: str
    dates: str
    bullets: tuple[str, ...] = ()


NAME = "Jordan Avery Lee"
CONTACT = "jordan.lee@example.com  |  +1 555 0142  |  Lisbon, Portugal  |  github.com/jordan-avery-lee"
SUMMARY = (
    "Backend engineer with six years of experience building and running Python services: "
    "APIs, data stores and event pipelines for logistics and health-care products. I like "
    "measurable performance work, clear APIs and helping newer teammates find their feet."
)
SKILLS = ("Python", "Django", "FastAPI", "PostgreSQL", "Redis", "Docker", "AWS", "Kafka")
EXPERIENCE = (
    Entry(
        "Backend Engineer",
        "Tidewater Logistics",
        "2023 - present",
        (
            "Own the shipment-tracking API (Django, PostgreSQL) that serves two million requests a day.",
            "Cut p99 latency from 900 ms to 180 ms with query tuning, new indexes and Redis caching.",
            "Moved nightly batch imports to Kafka consumers, so partners see updates within a minute.",
            "Mentor two junior engineers and run the team's API design reviews.",
        ),
    ),
    Entry(
        "Software Developer",
        "Brightfield Health",
        "2021 - 2023",
        (
            "Built FastAPI services for appointment booking used by 40 clinics.",
            "Containerised the services with Docker and deployed them on AWS ECS with blue-green releases.",
            "Introduced contract tests between the booking and billing services.",
        ),
    ),
    Entry(
        "Junior Developer",
        "Nimbus Retail",
        "2020 - 2021",
        (
            "Maintained the order-export jobs in Python and fixed reporting bugs in PostgreSQL views.",
        ),
    ),
)
PROJECTS = (
    Entry(
        "Parcel Pulse",
        "Kafka, FastAPI, Redis",
        "2024",
        ("A real-time delivery ETA service: Kafka events in, predictions cached in Redis, served by FastAPI.",),
    ),
    Entry(
        "Ledgerlite",
        "Python, Django, PostgreSQL",
        "2022",
        ("An open-source double-entry bookkeeping app for Django with 300 stars.",),
    ),
)
EDUCATION = (
    Entry("BSc in Computer Science", "Coastal University of Technology", "2016 - 2020"),
)


def to_markdown() -> str:
    lines = [f"# {NAME}", "", CONTACT, "", "## Summary", "", SUMMARY, "", "## Skills", ""]
    lines += [", ".join(SKILLS), "", "## Experience", ""]
    for job in EXPERIENCE:
        lines += [f"### {job.heading}, {job.detail} ({job.dates})", ""]
        lines += [f"- {b}" for b in job.bullets] + [""]
    lines += ["## Projects", ""]
    for project in PROJECTS:
        lines += [f"### {project.heading} ({project.dates})", "", f"Built with {project.detail}.", ""]
        lines += [f"- {b}" for b in project.bullets] + [""]
    lines += ["## Education", ""]
    for school in EDUCATION:
        lines += [f"### {school.heading}, {school.detail} ({school.dates})"]
    return "\n".join(lines) + "\n"


def to_pdf(path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF(format="A4")
    pdf.set_title(f"{NAME} - CV")
    pdf.set_author(NAME)
    pdf.set_creation_date(__import__("datetime").datetime(2026, 1, 1))  # reproducible bytes
    pdf.set_margins(18, 16, 18)
    pdf.add_page()
    width = pdf.w - pdf.l_margin - pdf.r_margin

    def section(title: str) -> None:
        pdf.ln(3)
        pdf.set_font("Helvetica", "B", 13)
        pdf.cell(width, 8, title.upper(), new_x="LMARGIN", new_y="NEXT")
        pdf.set_draw_color(120, 120, 120)
        pdf.line(pdf.l_margin, pdf.get_y(), pdf.l_margin + width, pdf.get_y())
        pdf.ln(2)

    def text(body: str, size: float = 10.5, style: str = "") -> None:
        pdf.set_font("Helvetica", style, size)
        pdf.multi_cell(width, 5.4, body, new_x="LMARGIN", new_y="NEXT")

    def entry(item: Entry, detail_prefix: str = "") -> None:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(width * 0.75, 6, f"{item.heading}, {detail_prefix}{item.detail}")
        pdf.set_font("Helvetica", "", 10.5)
        pdf.cell(width * 0.25, 6, item.dates, align="R", new_x="LMARGIN", new_y="NEXT")
        for bullet in item.bullets:
            pdf.set_x(pdf.l_margin + 4)
            pdf.set_font("Helvetica", "", 10.5)
            pdf.multi_cell(width - 4, 5.4, f"- {bullet}", new_x="LMARGIN", new_y="NEXT")
        pdf.ln(1.5)

    pdf.set_font("Helvetica", "B", 20)
    pdf.cell(width, 10, NAME, new_x="LMARGIN", new_y="NEXT")
    text(CONTACT, 10)
    section("Summary")
    text(SUMMARY)
    section("Skills")
    text(", ".join(SKILLS))
    section("Experience")
    for job in EXPERIENCE:
        entry(job)
    section("Projects")
    for project in PROJECTS:
        pdf.set_font("Helvetica", "B", 11)
        pdf.cell(width * 0.75, 6, project.heading)
        pdf.set_font("Helvetica", "", 10.5)
        pdf.cell(width * 0.25, 6, project.dates, align="R", new_x="LMARGIN", new_y="NEXT")
        text(f"Built with {project.detail}.", 10, "I")
        for bullet in project.bullets:
            text(bullet)
        pdf.ln(1.5)
    section("Education")
    for school in EDUCATION:
        entry(school)
    pdf.output(str(path))


def main() -> None:
    (HERE / "sample-cv.md").write_text(to_markdown(), encoding="utf-8")
    to_pdf(HERE / "sample-cv.pdf")
    print(f"wrote {HERE / 'sample-cv.md'} and {HERE / 'sample-cv.pdf'}")


if __name__ == "__main__":
    main()
