"""The context handed to a question generator: a pure function of its inputs."""

from __future__ import annotations

from typing import Any

from iq_tui.engine.models import CandidateProfile, InterviewType, Level, Role


def build_context(
    role: Role, level: Level, interview_type: InterviewType, profile: CandidateProfile
) -> dict[str, Any]:
    """Build the structure the seed documents: role, level, interview_type, candidate, cv_text.

    Pure: the same inputs give an equal dict, and nothing is read or written elsewhere.
    """
    return {
        "role": {
            "name": role.name,
            "category": role.category,
            "description": role.description,
            "keywords": list(role.keywords),
            "level_keywords": list(role.level_keywords.get(level, [])),
        },
        "level": level,
        "interview_type": interview_type,
        "candidate": {
            "name": profile.name,
            "skills": list(profile.skills),
            "languages": list(profile.languages),
            "experience": [e.model_dump() for e in profile.experience],
            "projects": [p.model_dump() for p in profile.projects],
            "education": [e.model_dump() for e in profile.education],
            "years_experience": profile.years_experience,
        },
        "cv_text": profile.text,
    }
