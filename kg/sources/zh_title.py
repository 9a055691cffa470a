"""Chinese titles: ``2020年6月22日外交部发言人赵立坚主持例行记者会`` -> date, spokesperson, kind."""

from __future__ import annotations

import re
from datetime import date

from kg.sources.labels import spokesperson_names_zh
from kg.sources.text import _safe_date

__all__ = ["parse_title_zh", "KINDS_ZH"]

_DATE = re.compile(r"(?P<y>\d{4})\s*年\s*(?P<m>\d{1,2})\s*月\s*(?P<d>\d{1,2})\s*日")
_NAME = re.compile(r"发言人(?P<name>[\u4e00-\u9fff]{2,4}?)(?=主持|答记者问|就|在|表示|谈|宣布|发表|介绍|：|:|\s|$)")
# most specific first: "网上例行记者会" is the English site's "Daily Briefing Online"
KINDS_ZH = [
    (re.compile(r"网上例行记者会|网上记者会"), "daily-briefing-online"),
    (re.compile(r"例行记者会|记者会|新闻发布会"), "regular-press-conference"),
    (re.compile(r"答记者问|表态|谈话|讲话|声明|答问|回答|表示|宣布"), "remarks"),
]


def parse_title_zh(title: str | None) -> tuple[str | None, str, date | None]:
    """(spokesperson's English name, kind, date) from a Chinese title; parts may be None.

    The name is the English one of ``kg/data/spokespersons.csv`` (``name_zh`` column); a
    name it does not list is returned as printed.

    >>> parse_title_zh("2020年6月22日外交部发言人赵立坚主持例行记者会")
    ('Zhao Lijian', 'regular-press-conference', datetime.date(2020, 6, 22))
    >>> parse_title_zh("2020年2月10日外交部发言人耿爽主持网上例行记者会")[1]
    'daily-briefing-online'
    >>> parse_title_zh("外交部发言人华春莹就美方涉港言论答记者问")
    ('Hua Chunying', 'remarks', None)
    """
    if not title:
        return None, "other", None
    names = spokesperson_names_zh()
    name = None
    for zh in sorted(names, key=len, reverse=True):
        if "发言人" + zh in title:
            name = names[zh]
            break
    if name is None:
        m = _NAME.search(title)
        name = m.group("name") if m else None
    kind = next((k for rx, k in KINDS_ZH if rx.search(title)), "other")
    d = _DATE.search(title)
    when = _safe_date(int(d["y"]), int(d["m"]), int(d["d"])) if d else None
    return name, kind, when
