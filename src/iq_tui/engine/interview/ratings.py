"""Ratings, recommendations and the time spent per question: what the interviewer records.

The tool records human judgement; nothing here turns ratings into a recommendation or a rank.
`anchors` says what each rating means for one question, from its own good answer and red
flags, so that two interviewers rating the same answer mean the same thing by a 3.
"""

from __future__ import annotations

from collections.abc import Callable

from iq_tui.engine.interview.sessions import (
    RECOMMENDATIONS,
    Recommendation,
    SessionQuestion,
)

RATINGS: tuple[int, ...] = (1, 2, 3, 4)
RATING_WORDS: dict[int, str] = {1: "strong no", 2: "no", 3: "yes", 4: "strong yes"}
RECOMMENDATION_WORDS: dict[str, str] = {
    value: RATING_WORDS[rank] for rank, value in enumerate(RECOMMENDATIONS, 1)
}
"""`strong_no` -> "strong no" ...: the same four words as the ratings, in the same order."""

ASKED_AFTER_SECONDS = 10.0
"""A visit this long counts as the question having been asked (reading it out takes longer)."""

ANCHOR_CHARS = 90
"""How much of a good answer or a red flag an anchor quotes (one line at 80 columns)."""


def rating_word(rating: int | None) -> str:
    return RATING_WORDS.get(rating, "unrated") if rating is not None else "unrated"


def recommendation_word(value: str | None) -> str:
    return RECOMMENDATION_WORDS.get(value, "none") if value else "none"


def recommendation_for_key(rank: int) -> Recommendation:
    """Key 1..4 to the recommendation of the same words (1 strong no ... 4 strong yes)."""
    return RECOMMENDATIONS[rank - 1]


def anchors(question: SessionQuestion) -> dict[int, str]:
    """What 1..4 mean for this question, in a few words each: 4 covers what a good answer has,
    3 most of it, 2 thin or vague, 1 shows the red flags (or misses the point)."""
    good = _short(question.good_answer)
    flags = _short("; ".join(f.strip().rstrip(".") for f in question.red_flags if f.strip()))
    return {
        4: f"covers it all: {good}" if good else "a complete, concrete answer, with depth",
        3: "covers most of it, with a real example" if good else "a sound answer, a real example",
        2: "thin or vague; misses key parts" if good else "thin or vague; no real example",
        1: f"shows red flags: {flags}" if flags else "misses the point, or no answer",
    }


def _short(text: str) -> str:
    text = " ".join(text.split())
    if len(text) <= ANCHOR_CHARS:
        return text
    cut = text[: ANCHOR_CHARS - 1].rsplit(" ", 1)[0].rstrip(",;:")
    return cut + "…"


def format_seconds(seconds: float) -> str:
    """'0:07', '12:30', '1:02:03' (no days: an interview is hours at most)."""
    whole = max(0, int(seconds))
    hours, rest = divmod(whole, 3600)
    minutes, secs = divmod(rest, 60)
    return f"{hours}:{minutes:02}:{secs:02}" if hours else f"{minutes}:{secs:02}"


class QuestionTimer:
    """Times the visits to questions with an injected monotonic clock (tests pass a fake one).

    `start(key)` begins a visit to one question (a question id: the index of a question can
    change under an editor), ending the visit before; `stop()` ends the current visit and
    returns (key, seconds) so the caller adds them to that question's `seconds`.
    """

    def __init__(self, clock: Callable[[], float]) -> None:
        self._clock = clock
        self._key: str | None = None
        self._since = 0.0

    @property
    def key(self) -> str | None:
        return self._key

    def elapsed(self) -> float:
        """Seconds of the current visit so far (0 when none)."""
        if self._key is None:
            return 0.0
        return max(0.0, self._clock() - self._since)

    def start(self, key: str) -> tuple[str, float] | None:
        ended = self.stop()
        self._key = key
        self._since = self._clock()
        return ended

    def stop(self) -> tuple[str, float] | None:
        if self._key is None:
            return None
        ended = (self._key, self.elapsed())
        self._key = None
        return ended
