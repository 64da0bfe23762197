"""CVs in Chinese, Japanese, Russian and Arabic, and emoji in skills (issue 10, non-Latin CVs).

Each CV is made here: text for the headings, PDFs drawn with `pdf_layout` (right-to-left
text is drawn in visual order, left to right, as a real PDF holds it).
"""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))
from pdf_layout import Page, layout_pdf  # noqa: E402

from iq_tui.engine.reading.extract import extract_profile  # noqa: E402
from iq_tui.engine.reading.profile import profile_from_text  # noqa: E402


def kinds(profile_text: str) -> dict[str, list[str]]:
    cv = profile_from_text(profile_text)
    return {
        "experience": [f"{e.title} / {e.organization}" for e in cv.experience],
        "education": [e.institution for e in cv.education],
        "skills": cv.skills,
        "projects": [p.name for p in cv.projects],
    }


def test_chinese_section_headings_are_found() -> None:
    found = kinds(
        "王伟\nwang.wei@example.cn\n\n工作经历\nBackend Engineer, Tencent\n2019 – 2023\n"
        "- Built the payment gateway in Go\n\n教育背景\nTsinghua University\nB.S. Computer Science\n\n"
        "技能\nGo, Kafka, MySQL\n\n项目经历\nOrderFlow\n- An open-source order router\n"
    )
    assert found["experience"] == ["Backend Engineer / Tencent"]
    assert found["education"] == ["Tsinghua University"]
    assert found["skills"][:3] == ["Go", "Kafka", "MySQL"]
    assert found["projects"] == ["OrderFlow"]


def test_russian_section_headings_are_found() -> None:
    found = kinds(
        "Иван Петров\nivan.petrov@example.ru\n\nОпыт работы\nBackend Engineer, Yandex\n"
        "2019 – 2021\n- Wrote the search indexer in C++\n\nОбразование\n"
        "Moscow State University\nMSc in Mathematics\n\nНавыки\nC++, Python, PostgreSQL\n\n"
        "Проекты\nQueueKit\n- A job queue for Python\n"
    )
    assert found["experience"] == ["Backend Engineer / Yandex"]
    assert found["education"] == ["Moscow State University"]
    assert found["skills"][:3] == ["C++", "Python", "PostgreSQL"]
    assert found["projects"] == ["QueueKit"]


def _pdf(tmp_path: Path, name: str, page: Page) -> Path:
    path = tmp_path / name
    path.write_bytes(layout_pdf([page.runs]))
    return path


def test_a_japanese_cv_names_the_candidate_not_the_skills_line(tmp_path: Path) -> None:
    page = Page()
    page.line("山田 太郎", size=12)
    page.line("Python Java Go", size=12)
    page.line("taro.yamada@example.jp", size=10)
    page.line("職歴", size=12, bold=True)
    page.line("Software Engineer, Rakuten", size=10)
    page.line("2018 – 2022", size=10)
    cv = extract_profile(_pdf(tmp_path, "cv.pdf", page))
    assert cv.name == "山田 太郎"
    text_cv = profile_from_text("张伟\nPython Java Go\nzhang.wei@example.cn\n")
    assert text_cv.name == "张伟"


def test_an_arabic_cv_reads_in_logical_order_and_names_the_candidate(tmp_path: Path) -> None:
    name, heading, skills_heading = "أحمد الخطيب", "الخبرة العملية", "المهارات"
    page = Page()
    # a pure right-to-left line is drawn as its letters reversed, left to right
    page.line(name[::-1], size=20, bold=True)
    page.line("ahmad@example.com", size=10)
    page.line(skills_heading[::-1], size=13, bold=True)
    page.line("Python, SQL, Docker", size=10)
    page.line(heading[::-1], size=13, bold=True)
    page.line("Data Engineer, Careem", (430, "2020 – 2024"), size=10)
    cv = extract_profile(_pdf(tmp_path, "cv.pdf", page))
    assert cv.name == name
    assert heading in cv.text and skills_heading in cv.text
    assert cv.skills[:3] == ["Python", "SQL", "Docker"]
    assert [(e.title, e.organization) for e in cv.experience] == [("Data Engineer", "Careem")]


def test_logical_order_of_mixed_right_to_left_lines() -> None:
    from iq_tui.engine.reading.bidi import logical_order

    # "خبرة 5 سنوات في Python" ("5 years of experience in Python") as drawn, left to right
    assert logical_order("Python يف تاونس 5 ةربخ") == "خبرة 5 سنوات في Python"
    # a mostly Latin line keeps its order; the Hebrew word in it reads right
    assert logical_order("Worked at םולש Labs") == "Worked at שלום Labs"
    # a bracket drawn in right-to-left text is the mirrored glyph, mapped to the character it
    # looks like: "(العربية)" is drawn "(ةيبرعلا)", and reads back right
    assert logical_order("(ةيبرعلا)") == "(العربية)"
    # presentation forms (shaped glyphs) become the letters: "ﻣﺮﺣﺒﺎ" drawn reversed
    assert logical_order("\ufe8e\ufe92\ufea3\ufeae\ufee3") == "مرحبا"
    assert logical_order("Plain Latin, 2019") == "Plain Latin, 2019"


def test_emoji_in_a_skills_list_never_list_a_skill_twice() -> None:
    cv = profile_from_text(
        "Ana Souza\nana@example.com\n\nSkills\n🐍 Python, ⚛️ React, 🐳 Docker\n"
        "🚀 Kubernetes | 🔥 Firebase\n✅ Git ✅ Linux\n👩‍💻Pair programming 🧪Testing\n"
    )
    assert cv.skills == [
        "Python", "React", "Docker", "Kubernetes", "Firebase", "Git", "Linux",
        "Pair programming", "Testing",
    ]
