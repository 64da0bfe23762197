"""The data that flows through iq-tui, as pydantic models.

Field names follow `../shared/design/contract.md`: the JSON that `extract` and `generate`
print is these models dumped as they are.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

Level = Literal["junior", "mid", "senior"]
InterviewType = Literal["hr", "technical", "case_study", "mixed"]
QuestionCategory = Literal["hr", "technical", "case_study", "behavioral"]
QuestionSource = Literal["llm", "offline", "kit", "manual"]
ProviderName = Literal["openai", "anthropic", "offline"]

LEVELS: tuple[Level, ...] = ("junior", "mid", "senior")
INTERVIEW_TYPES: tuple[InterviewType, ...] = ("hr", "technical", "case_study", "mixed")
QUESTION_CATEGORIES: tuple[QuestionCategory, ...] = ("hr", "technical", "case_study", "behavioral")
PROVIDERS: tuple[ProviderName, ...] = ("openai", "anthropic", "offline")

INTERVIEW_TYPE_LABELS: dict[str, str] = {
    "hr": "HR",
    "technical": "Technical",
    "case_study": "Case study",
    "mixed": "Mixed",
    "behavioral": "Behavioral",
}


Certainty = Literal["high", "low"]


class Confidence(BaseModel):
    """How sure extraction is of one field: `high` (read from where such a field is drawn)
    or `low` (a guess the interviewer should check); `reason` says why, in a few words."""

    level: Certainty
    reason: str = ""


class Experience(BaseModel):
    title: str = ""
    organization: str = ""
    start: str = ""
    end: str = ""
    summary: str = ""
    highlights: list[str] = Field(default_factory=list)
    """The entry's bullets, verbatim (line breaks joined, bullet glyphs dropped), in CV order."""
    confidence: dict[str, Confidence] = Field(default_factory=dict)
    """Per field ("title", "organization", "dates"): how sure extraction is of it."""


class Education(BaseModel):
    degree: str = ""
    institution: str = ""
    year: str = ""


class Project(BaseModel):
    name: str = ""
    summary: str = ""
    skills: list[str] = Field(default_factory=list)
    highlights: list[str] = Field(default_factory=list)


class CandidateProfile(BaseModel):
    """What extraction learns from a CV. `text` is the full visible text, hidden text removed."""

    name: str = ""
    email: str = ""
    phone: str = ""
    links: list[str] = Field(default_factory=list)
    skills: list[str] = Field(default_factory=list)
    languages: list[str] = Field(default_factory=list)
    """Spoken languages the CV lists: never skills, never the subject of a question."""
    experience: list[Experience] = Field(default_factory=list)
    education: list[Education] = Field(default_factory=list)
    projects: list[Project] = Field(default_factory=list)
    years_experience: float | None = None
    """Years of paid work after education (internships, student jobs and overlaps not added)."""
    pages: int = 0
    text: str = ""
    warnings: list[str] = Field(default_factory=list)
    confidence: dict[str, Confidence] = Field(default_factory=dict)
    """Per field ("name", "email", "phone", "skills", "languages", "experience", "education",
    "years_experience"): how sure extraction is of it; a field it cannot judge is absent."""
    corrected: list[str] = Field(default_factory=list)
    """Fields the interviewer corrected before the plan was built ("name", "skills",
    "experience.0.organization"); empty when the profile is as extracted."""
    years_basis: str = ""
    """How `years_experience` was counted, in words (what was counted, what was left out)."""


class Role(BaseModel):
    """A role from the catalog (or a user's `roles.toml`)."""

    id: str
    name: str
    category: str
    description: str = ""
    keywords: list[str] = Field(default_factory=list)
    level_keywords: dict[Level, list[str]] = Field(default_factory=dict)
    custom: bool = False
    titles: list[str] = Field(default_factory=list)
    """Words of CV job titles that point to this role ("ux", "product designer")."""


class Question(BaseModel):
    """One interview question, in the contract's schema (plus `source` and `grounded`)."""

    model_config = ConfigDict(extra="ignore")

    text: str
    category: QuestionCategory
    difficulty: Level
    skills: list[str] = Field(default_factory=list)
    rationale: str = ""
    follow_ups: list[str] = Field(default_factory=list)
    good_answer: str = ""
    competency: str = ""
    """Short name of what the question assesses ("API design", "ownership")."""
    evidence: str | None = None
    """The CV's words the question builds on, verbatim (whitespace collapsed), or None."""
    red_flags: list[str] = Field(default_factory=list)
    requirement: str | None = None
    """The job-description requirement this question probes (its `text`), if any."""
    core: bool = False
    """True for a kit question, asked word for word of every candidate."""
    source: QuestionSource = "offline"
    grounded: bool = True


QUESTION_CONTENT_FIELDS: tuple[str, ...] = (
    "text",
    "category",
    "difficulty",
    "skills",
    "rationale",
    "follow_ups",
    "good_answer",
)
"""The question schema's own fields: what an LLM is asked for and what an editor may change."""


RequirementImportance = Literal["must", "nice"]
RequirementStatus = Literal["shown", "thin", "missing"]


class Requirement(BaseModel):
    """One requirement of a job description, as matched against the CV."""

    text: str
    """The JD's own words for it (bullet glyph dropped, whitespace collapsed)."""
    importance: RequirementImportance = "must"
    status: RequirementStatus = "missing"
    """`shown`: work in the CV shows it; `thin`: only mentioned (listed, or short of the
    years); `missing`: the CV does not show it."""
    evidence: list[str] = Field(default_factory=list)
    """CV lines that show it, verbatim."""


class RoleRef(BaseModel):
    id: str
    name: str
    category: str


class CandidateRef(BaseModel):
    name: str = ""
    skills: list[str] = Field(default_factory=list)


class ProviderInfo(BaseModel):
    name: ProviderName
    model: str | None = None
    used_fallback: bool = False
    fallback_reason: str | None = None


class Usage(BaseModel):
    input_tokens: int = 0
    """All the prompt's tokens, those read from or written to a prompt cache included."""
    output_tokens: int = 0
    cached_input_tokens: int = 0
    """Of `input_tokens`, those read from the provider's prompt cache."""


class GenerationResult(BaseModel):
    """The whole plan, as `generate --format json` prints it."""

    role: RoleRef
    level: Level
    interview_type: InterviewType
    candidate: CandidateRef
    provider: ProviderInfo
    questions: list[Question] = Field(default_factory=list)
    usage: Usage = Field(default_factory=Usage)
    elapsed_seconds: float = 0.0
    warnings: list[str] = Field(default_factory=list)
    """What the interviewer should know about the plan itself (level mismatch, replaced questions)."""
    requirements: list[Requirement] = Field(default_factory=list)
    """The job description's requirements in its order (`generate --jd`), else empty."""
