"""CVs written the way most of the world dates jobs: 2019年4月 ～ 現在, 2019.04 - 至今,
04.2019 – heute, 2019-04 - present, with headings in German, Japanese and Chinese, and
job lines with no Latin letter at all (issue 10 left these unread: "no job found")."""

from __future__ import annotations

import datetime as dt

import pytest

from iq_tui.engine.reading.extract import profile_from_text
from iq_tui.engine.reading.profile import DATE_RANGE
from iq_tui.engine.reading.years import month_index

CVS = {
"ja": "山田 太郎\ntaro.yamada@example.jp\n\n職歴\nソフトウェアエンジニア, 楽天株式会社\n2019年4月 ～ 現在\n- 決済APIをPythonで開発\n\nバックエンドエンジニア, 株式会社メルカリ\n2016年4月 ～ 2019年3月\n- Goでマイクロサービスを構築\n\n学歴\n東京大学 工学部 情報工学科\n2012年4月 ～ 2016年3月\n",
"zh": "张伟\nzhang.wei@example.cn\n\n工作经历\n高级后端工程师, 阿里巴巴\n2019.04 - 至今\n- 使用Java构建支付系统\n\n后端工程师, 腾讯\n2016.07 - 2019.03\n- 负责微服务开发\n\n教育背景\n清华大学 计算机科学 学士\n2012.09 - 2016.06\n",
"de": "Anna Schmidt\nanna@example.de\n\nBerufserfahrung\nSoftwareentwicklerin, SAP SE\n04.2019 – heute\n- Entwicklung von REST-APIs mit Java und Spring\n\nEntwicklerin, Siemens AG\n09/2016 – 03/2019\n- Aufbau einer CI-Pipeline mit Jenkins\n\nAusbildung\nM.Sc. Informatik, TU München\n2014 – 2016\n",
"iso": "Ana Lima\nana@example.com\n\nExperience\nBackend Engineer, Shopline\n2019-04 - present\n- Built the order API in Django\n\nSoftware Engineer, Parcelo\n2016/07 - 2019/03\n- Moved billing jobs to Kafka\n",
}


@pytest.mark.parametrize(
    ("cv", "jobs"),
    [
        ("ja", [("ソフトウェアエンジニア", "楽天株式会社", "2019年4月", "現在"),
                ("バックエンドエンジニア", "株式会社メルカリ", "2016年4月", "2019年3月")]),
        ("zh", [("高级后端工程师", "阿里巴巴", "2019.04", "至今"),
                ("后端工程师", "腾讯", "2016.07", "2019.03")]),
        ("de", [("Softwareentwicklerin", "SAP SE", "04.2019", "heute"),
                ("Entwicklerin", "Siemens AG", "09/2016", "03/2019")]),
        ("iso", [("Backend Engineer", "Shopline", "2019-04", "present"),
                 ("Software Engineer", "Parcelo", "2016/07", "2019/03")]),
    ],
)
def test_jobs_dated_in_other_styles_are_read(cv: str, jobs: list[tuple[str, ...]]) -> None:
    profile = profile_from_text(CVS[cv])
    assert [(e.title, e.organization, e.start, e.end) for e in profile.experience] == jobs
    assert all(e.highlights for e in profile.experience)
    assert profile.years_experience is not None and profile.years_experience >= 7


@pytest.mark.parametrize(("cv", "year"), [("ja", "2016"), ("zh", "2016"), ("de", "2016")])
def test_schools_dated_in_other_styles_are_read(cv: str, year: str) -> None:
    profile = profile_from_text(CVS[cv])
    assert [e.year for e in profile.education] == [year]
    assert profile.education[0].institution or profile.education[0].degree


@pytest.mark.parametrize(
    ("text", "start", "end"),
    [
        ("2016年4月 ～ 2019年3月", 2016 * 12 + 3, 2019 * 12 + 2),
        ("2016.07 - 2019.03", 2016 * 12 + 6, 2019 * 12 + 2),
        ("09/2016 – 03/2019", 2016 * 12 + 8, 2019 * 12 + 2),
        ("04.2019 bis 12.2020", 2019 * 12 + 3, 2020 * 12 + 11),
        ("2019-04 - 2020-01", 2019 * 12 + 3, 2020 * 12),
    ],
)
def test_the_months_of_such_ranges(text: str, start: int, end: int) -> None:
    today = dt.date(2026, 12, 1)
    m = DATE_RANGE.search(text)
    assert m is not None
    assert month_index(m.group("start"), today, end=False) == start
    assert month_index(m.group("end"), today, end=True) == end


@pytest.mark.parametrize("text", ["2019 - 2021", "2010 – 2012"])
def test_a_range_of_years_is_not_read_as_a_year_and_a_month(text: str) -> None:
    m = DATE_RANGE.search(text)
    assert m is not None and m.group("start") == text[:4] and m.group("end") == text[-4:]
