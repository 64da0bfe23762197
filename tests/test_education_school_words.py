"""A school is found by the word for university in the CV's language: "Universidade" (Portuguese),
"Uniwersytet" (Polish), "Univerzita" (Czech, Slovak), "Üniversitesi" (Turkish), as "University",
"Universidad" and "Università" already were (seen on designer-cv.md: the school was folded into
the degree and the preview said "an entry without an institution")."""

from __future__ import annotations

import pytest

from iq_tui.engine.reading.profile import profile_from_text

CV = """Ana Souza
ana.souza@example.com

Experience
Product Designer, Fieldnote
2018 – 2022
- Led the redesign of the onboarding flow

Education
{line}
"""


@pytest.mark.parametrize(
    ("line", "degree", "school"),
    [
        ("BA Communication Design, Universidade de Lisboa, 2016",
         "BA Communication Design", "Universidade de Lisboa"),
        ("BSc Computer Science, Universidade Federal do Rio de Janeiro, 2015",
         "BSc Computer Science", "Universidade Federal do Rio de Janeiro"),
        ("MSc Informatics, Uniwersytet Warszawski, 2014", "MSc Informatics", "Uniwersytet Warszawski"),
        ("BSc Informatics, Univerzita Karlova, 2013", "BSc Informatics", "Univerzita Karlova"),
        ("BSc Computer Engineering, Boğaziçi Üniversitesi, 2012",
         "BSc Computer Engineering", "Boğaziçi Üniversitesi"),
        # the ones found before stay found
        ("BA Communication Design, University of Lisbon, 2016",
         "BA Communication Design", "University of Lisbon"),
        ("BSc Computer Science, Universidad de Chile, 2016", "BSc Computer Science", "Universidad de Chile"),
    ],
)
def test_the_school_is_found_in_its_language(line: str, degree: str, school: str) -> None:
    cv = profile_from_text(CV.format(line=line))
    assert [(e.degree, e.institution) for e in cv.education] == [(degree, school)]
