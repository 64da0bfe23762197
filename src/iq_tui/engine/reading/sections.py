"""Lines -> sections: find the headings by name and by layout, in the spirit of OpenResume.

A heading is a short line whose text is a known section name ("Work Experience", "SKILLS",
"Technical Skills:"), or a line drawn in the same style (size, weight, capitals) as the known
headings of the same CV, or, in a CV with no known heading, a short bold or capitalised line
set larger than the body text.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from typing import Any

# Section kind -> names that open it (lower case, "&" spelled "and"), in English and in the
# other languages CVs come in (Chinese, Japanese, Russian, Arabic).
# fmt: off
SECTION_NAMES: dict[str, tuple[str, ...]] = {
    "summary": (
        "summary", "professional summary", "profile", "professional profile", "about",
        "about me", "objective", "career objective", "overview", "highlights",
        "career summary", "executive summary", "personal statement", "introduction",
        # Chinese, Japanese, Russian, Arabic
        "个人简介", "自我评价", "个人总结", "自己pr", "職務要約", "о себе", "резюме",
        "цель", "профиль", "نبذة", "الملخص", "نبذة عني",
        # German, French, Spanish, Portuguese, Italian, Dutch
        "profil", "über mich", "zusammenfassung", "kurzprofil", "à propos", "à propos de moi",
        "perfil", "perfil profesional", "sobre mí", "resumen", "resumo", "sobre mim",
        "profilo", "profilo professionale", "sommario", "profiel", "over mij",
    ),
    "experience": (
        "experience", "work experience", "professional experience", "employment",
        "employment history", "work history", "career history", "relevant experience",
        "experiences", "professional background", "research experience", "research",
        "teaching experience", "industry experience", "career", "positions",
        "leadership experience", "internships", "internship experience",
        "工作经历", "工作经验", "实习经历", "职业经历", "職歴", "職務経歴", "経歴",
        "опыт работы", "опыт", "трудовая деятельность", "профессиональный опыт",
        "места работы", "الخبرة العملية", "الخبرات", "الخبرة", "الخبرات العملية",
        "berufserfahrung", "berufliche erfahrung", "beruflicher werdegang", "werdegang",
        "praxiserfahrung", "expérience professionnelle", "expériences professionnelles",
        "expérience", "expériences", "experiencia laboral", "experiencia profesional",
        "experiencia", "experiência profissional", "experiência", "esperienza lavorativa",
        "esperienze professionali", "esperienza professionale", "esperienze", "werkervaring",
        "ervaring", "professionele ervaring",
    ),
    "education": (
        "education", "academic background", "education and training", "academics",
        "academic qualifications", "qualifications", "education and certifications",
        "educational background", "academic history",
        "教育背景", "教育经历", "学历", "学歴", "образование", "التعليم", "المؤهلات العلمية",
        "ausbildung", "bildung", "bildungsweg", "studium", "schulbildung", "formation",
        "formations", "éducation", "educación", "formación", "formación académica",
        "formação", "formação acadêmica", "formação académica", "istruzione", "formazione",
        "istruzione e formazione", "opleiding", "opleidingen",
    ),
    "skills": (
        "skills", "technical skills", "core competencies", "competencies", "technologies",
        "tools", "expertise", "skills and awards", "skills and interests", "key skills",
        "skills and tools", "tech stack", "technical expertise", "areas of expertise",
        "core skills", "technical proficiencies", "programming languages", "skill set",
        "skillset", "tools and technologies", "skills and technologies", "hard skills",
        "soft skills", "skills and abilities", "technical skills and interests",
        "personal skills", "digital skills", "computer skills", "it skills",
        "技能", "专业技能", "技能特长", "スキル", "技術スキル", "保有スキル", "навыки",
        "ключевые навыки", "профессиональные навыки", "технические навыки", "المهارات",
        "kenntnisse", "fähigkeiten", "fachkenntnisse", "it-kenntnisse", "kompetenzen",
        "edv-kenntnisse", "compétences", "compétences techniques", "habilidades",
        "competencias", "conocimientos", "conhecimentos", "competências", "competenze",
        "competenze tecniche", "vaardigheden",
    ),
    "projects": (
        "projects", "personal projects", "selected projects", "side projects",
        "open source", "open source projects", "academic projects", "key projects",
        "project experience", "notable projects",
        "项目经历", "项目经验", "プロジェクト", "проекты", "المشاريع",
        "projekte", "projets", "proyectos", "projetos", "progetti", "projecten",
    ),
    "languages": (
        "languages", "language skills", "spoken languages", "language proficiency",
        "languages spoken", "foreign languages", "language",
        "语言能力", "语言", "語学", "языки", "знание языков", "владение языками", "اللغات",
        "sprachen", "sprachkenntnisse", "langues", "idiomas", "línguas", "lingue",
        "conoscenze linguistiche", "talen", "talenkennis",
    ),
    "other": (
        "certifications", "certificates", "licenses and certifications", "awards",
        "honors", "honors and awards", "awards and honors", "publications",
        "interests", "hobbies", "volunteer", "volunteering", "volunteer experience",
        "links", "contact", "coursework", "relevant coursework", "references",
        "achievements", "activities", "extracurricular activities", "strengths",
        "focus areas", "patents", "invited talks", "talks", "presentations",
        "affiliations", "memberships", "additional information", "personal",
        "selected honors", "accomplishments", "community", "leadership", "involvement",
        "involvement experience", "campus involvement", "leadership and activities",
        "activities and leadership", "clubs", "societies", "clubs and societies",
        "personal information", "personal details", "personal data", "contact information",
        "contact details",
        "zertifikate", "zertifizierungen", "interessen", "hobbys", "freizeit", "loisirs",
        "centres d'intérêt", "certificats", "intereses", "aficiones", "certificaciones",
        "interesses", "certificações", "interessi", "certificazioni", "hobby's", "interesses",
    ),
}
# fmt: on
_KIND_OF: dict[str, str] = {name: kind for kind, names in SECTION_NAMES.items() for name in names}

BULLET = re.compile(r"^\s*(?:[•·▪●◦‣∙■□➢➤►▸\-*–—+]|\d{1,2}[.)])\s+")
_INLINE = re.compile(r"^\s*([A-Za-z][A-Za-z &/]{1,40}?)\s*:\s*(\S.*)$")


@dataclass
class Line:
    text: str
    segs: list[str] = field(default_factory=list)
    size: float = 0.0
    bold: bool = False
    page: int = 1
    xs: list[float] = field(default_factory=list)  # left edge of each seg, where known

    @classmethod
    def from_dict(cls, d: dict[str, Any]) -> Line:
        segs = list(d.get("segs") or [d["text"]])
        xs = [float(x) for x in d.get("xs") or []]
        return cls(
            d["text"],
            segs,
            d.get("size", 0.0),
            bool(d.get("bold")),
            d.get("page", 1),
            xs if len(xs) == len(segs) else [],
        )

    @property
    def is_bullet(self) -> bool:
        return bool(BULLET.match(self.text))

    @property
    def words(self) -> int:
        return len(self.text.split())


@dataclass
class Section:
    kind: str  # "header" (before the first heading), a SECTION_NAMES key, or "other"
    title: str
    lines: list[Line] = field(default_factory=list)


def normalize_heading(text: str) -> str:
    text = text.strip().strip("#*_:").strip()
    text = text.replace("&", " and ").replace("+", " and ")
    text = re.sub(r"[^\w ]+", " ", text.lower())
    return " ".join(text.split())


def heading_kind(text: str) -> str | None:
    """The kind of section a heading text names, or None when it is no known heading."""
    if len(text) > 48:
        return None
    kind = _KIND_OF.get(normalize_heading(text))
    if kind is None and "," in text:
        # a heading that names several things ("Programs, Skills, Software"): the known one
        parts = [normalize_heading(p) for p in text.split(",")]
        if all(0 < len(p.split()) <= 3 for p in parts):
            kinds = {_KIND_OF[p] for p in parts if p in _KIND_OF}
            kind = kinds.pop() if len(kinds) == 1 else None
    return kind


def _is_caps(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and all(c.isupper() for c in letters)


def _style(line: Line) -> tuple[float, bool, bool]:
    return (round(line.size), line.bold, _is_caps(line.text))


def _looks_like_heading(line: Line) -> bool:
    text = line.text.strip()
    return (
        0 < line.words <= 4
        and not line.is_bullet
        and not re.search(r"[\d@|.;]", text.rstrip(":"))
        and ("," not in text or heading_kind(text) is not None)
        and text[:1].isalpha()
    )


def body_size(lines: list[Line]) -> float:
    sizes = Counter(round(ln.size, 1) for ln in lines if ln.size)
    return sizes.most_common(1)[0][0] if sizes else 0.0


def _rest(line: Line, skip: int = 1) -> Line:
    segs, xs = line.segs[skip:], line.xs[skip:]
    return Line(" ".join(segs), segs, line.size, line.bold, line.page, xs)


def _rail_heading(lines: list[Line], i: int) -> tuple[str, str, list[Line]] | None:
    """A heading set in a left rail beside its section's first row ("Skills   Java  Go"),
    perhaps wrapped onto the row below ("Technical" / "Skills"): (kind, title, the rows
    without it), or None."""
    line = lines[i]
    if len(line.segs) < 2 or len(line.xs) != len(line.segs) or line.is_bullet:
        return None
    head = line.segs[0].strip()
    if _looks_like_heading(Line(head)) and (kind := heading_kind(head)):
        return kind, head.strip(":"), [_rest(line)]
    if i + 1 >= len(lines):
        return None
    nxt = lines[i + 1]
    if len(nxt.segs) < 2 or len(nxt.xs) != len(nxt.segs) or nxt.page != line.page:
        return None
    joined = f"{head} {nxt.segs[0].strip()}"
    if abs(nxt.xs[0] - line.xs[0]) <= 2 and _looks_like_heading(Line(joined)):
        kind = heading_kind(joined)
        if kind is not None:
            return kind, joined.strip(":"), [_rest(line), _rest(nxt)]
    return None


def split_sections(lines: list[Line]) -> list[Section]:
    """Group lines under their headings; the lines before the first heading form "header"."""
    has_layout = any(ln.size for ln in lines)
    known = [ln for ln in lines if _looks_like_heading(ln) and heading_kind(ln.text)]
    counts = Counter(_style(ln) for ln in known) if has_layout else Counter()
    # the style(s) of this CV's headings: a style seen once may be a bold sub-heading
    styles = {
        st for st, n in counts.items() if n >= 0.3 * len(known) and (n >= 2 or len(known) <= 2)
    }
    body = body_size(lines)
    sections = [Section("header", "")]
    lines = list(lines)
    i = -1
    while i + 1 < len(lines):
        i += 1
        line = lines[i]
        rail = _rail_heading(lines, i) if has_layout else None
        if rail is not None:
            kind, title, rest = rail
            sections.append(Section(kind, title))
            lines[i : i + len(rest)] = rest
            sections[-1].lines.append(rest[0])
            continue
        kind = heading_kind(line.text) if _looks_like_heading(line) else None
        if kind is None and has_layout and _looks_like_heading(line):
            style = _style(line)
            if styles:
                # drawn like this CV's own known headings: an unnamed section
                if style in styles and (line.bold or style[2]) and line.size > body - 0.5:
                    kind = "other"
            elif line.size >= body + 1.5 and (line.bold or style[2]):
                kind = "other"
        if kind is None and not has_layout:
            m = _INLINE.match(line.text)
            inline = heading_kind(m.group(1)) if m else None
            if inline in ("skills", "summary"):
                sections.append(Section(inline, m.group(1)))
                rest = m.group(2)
                sections[-1].lines.append(Line(rest, [rest], line.size, line.bold, line.page))
                continue
        if kind is not None:
            sections.append(Section(kind, line.text.strip().strip(":#* ")))
        else:
            sections[-1].lines.append(line)
    return sections


def drop_running_lines(lines: list[Line]) -> list[Line]:
    """Remove page headers and footers: the same line (digits aside) at the top or bottom of
    (nearly) every page. The copy at the top of the first page stays: it may be the title."""
    pages: dict[int, list[int]] = {}
    for i, ln in enumerate(lines):
        pages.setdefault(ln.page, []).append(i)
    if len(pages) < 2:
        return lines
    edge = {i for idx in pages.values() for i in (*idx[:2], *idx[-2:])}
    key = lambda ln: re.sub(r"\d+", "#", ln.text.strip().lower())
    where: dict[str, set[int]] = {}
    inside: set[str] = set()
    for i, ln in enumerate(lines):
        k = key(ln)
        where.setdefault(k, set()).add(ln.page)
        if i not in edge:
            inside.add(k)
    need = max(2, len(pages) - 1)
    running = {
        k for k, p in where.items() if len(p) >= need and k not in inside and len(k.split()) <= 12
    }
    if not running:
        return lines
    keep = set(pages[min(pages)][:2])
    return [ln for i, ln in enumerate(lines) if key(ln) not in running or i in keep]
