"""A CV bullet's dropped article put back when the claim is said to the candidate."""

from __future__ import annotations

import pytest

from iq_tui.engine.planning.achievements import parse_highlight
from iq_tui.engine.planning.articles import indefinite, with_article


@pytest.mark.parametrize(
    ("rest", "definite", "said"),
    [
        ("real-time fraud detection pipeline processing 50K+ events", False,
         "a real-time fraud detection pipeline processing 50K+ events"),
        ("and implemented rate limiter handling 90M requests", False,
         "and implemented a rate limiter handling 90M requests"),
        ("on-device compression pipeline deployed across 50M+ devices", False,
         "an on-device compression pipeline deployed across 50M+ devices"),
        ("migration of three core services to Kubernetes", True,
         "the migration of three core services to Kubernetes"),
        ("onboarding flow; activation up 18%", True, "the onboarding flow; activation up 18%"),
        ("team of 5 engineers", True, "a team of 5 engineers"),
        ("ETL pipeline in Airflow", False, "an ETL pipeline in Airflow"),
        ("user-facing dashboard for ops", False, "a user-facing dashboard for ops"),
        ("up CI pipeline with GitHub Actions", False, "up a CI pipeline with GitHub Actions"),
        ("hourly reporting job", False, "an hourly reporting job"),
        # left as written: a determiner, a plural, a mass noun, a name, a number, a possessive
        ("the checkout service", False, "the checkout service"),
        ("REST APIs for partners", False, "REST APIs for partners"),
        ("proprietary inference optimization reducing latency", False,
         "proprietary inference optimization reducing latency"),
        ("collaborative editing infrastructure for 4M users", False,
         "collaborative editing infrastructure for 4M users"),
        ("Jenkins to GitHub Actions", True, "Jenkins to GitHub Actions"),
        ("3 microservices to Go", False, "3 microservices to Go"),
        ("Uber's pricing engine", True, "Uber's pricing engine"),
        ("Yoda - the admin interface for Phoenix", False, "Yoda - the admin interface for Phoenix"),
        ("latency by 40%", True, "latency by 40%"),
    ],
)
def test_the_article_a_cv_left_out(rest: str, definite: bool, said: str) -> None:
    assert with_article(rest, definite) == said


@pytest.mark.parametrize(
    ("word", "article"),
    [("SDK", "an"), ("ML", "an"), ("HTTP", "an"), ("GPU", "a"), ("REST", "a"), ("API", "an"),
     ("unified", "a"), ("user", "a"), ("update", "an"), ("ultra-low", "an"), ("event", "an"),
     ("one-click", "a"), ("hour", "an"), ("Kafka", "a"), ("internal", "an")],
)
def test_a_or_an_by_how_the_word_is_said(word: str, article: str) -> None:
    assert indefinite(word) == article


@pytest.mark.parametrize(
    ("bullet", "lead"),
    [
        ("Designed and implemented real-time fraud detection pipeline processing 50K+ "
         "transactions per second", "At Stripe, you designed and implemented a real-time fraud"),
        ("Led migration of three core microservices to Kubernetes, cutting p99 latency by 42%",
         "At Stripe, you led the migration of three core microservices"),
        ("Redesigned onboarding flow, lifting activation by 18%",
         "At Stripe, you redesigned the onboarding flow"),
        ("Reduced API latency by 60% through query optimization",
         "At Stripe, you reduced API latency by 60%"),
    ],
)
def test_the_lead_reads_aloud_and_the_evidence_stays_verbatim(bullet: str, lead: str) -> None:
    achievement = parse_highlight(bullet, where="Stripe")
    assert achievement is not None
    assert achievement.lead().startswith(lead)
    assert achievement.text == bullet
