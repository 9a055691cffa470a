"""Test helper: english-catti's ``mfa_dialog_pairs.json`` and the EN/ZH alignment truth.

``mfa_dialog_pairs.json`` puts pair *i* of a conference's English list beside pair *i* of its
Chinese list. That is right where the two lists match and wrong after the first exchange only one
version has; the hand-read gaps in ``tests/data/counts/fmprc_qa_json_counts.csv`` (``en_only``,
``zh_only``) give the true alignment. Later work (``dk:correspondsTo``) can test against it.
"""

from __future__ import annotations

import csv
import json
from dataclasses import dataclass
from pathlib import Path

COUNTS = Path(__file__).resolve().parent / "data" / "counts" / "fmprc_qa_json_counts.csv"


@dataclass(frozen=True)
class DialogPair:
    date: str
    en_url: str
    cn_url: str
    index: int                 # 0-based position in both lists
    questioner_en: str
    questioner_cn: str
    question_en: str
    question_cn: str
    answer_en: str
    answer_cn: str


def read_dialog_pairs(path: str | Path) -> list[DialogPair]:
    """Every pair of ``mfa_dialog_pairs.json``, as the file has them."""
    with open(path, encoding="utf-8") as fh:
        return [DialogPair(**{k: p[k] for k in DialogPair.__dataclass_fields__}) for p in json.load(fh)]


@dataclass(frozen=True)
class Conference:
    date: str
    en_url: str
    en_pairs: int
    cn_pairs: int
    en_only: tuple[int, ...]   # 1-based positions only the English version has
    zh_only: tuple[int, ...]


def counted_conferences() -> dict[str, Conference]:
    """en_url -> the hand-checked counts of that conference."""
    with open(COUNTS, encoding="utf-8") as fh:
        return {r["en_url"]: Conference(r["date"], r["en_url"], int(r["en_pairs"]), int(r["cn_pairs"]),
                                        tuple(map(int, r["en_only"].split())), tuple(map(int, r["zh_only"].split())))
                for r in csv.DictReader(fh)}


def aligned_positions(conf: Conference) -> list[tuple[int, int]]:
    """(English position, Chinese position), 1-based, of the exchanges both versions have.

    >>> aligned_positions(Conference("d", "u", 4, 3, (2,), ()))
    [(1, 1), (3, 2), (4, 3)]
    """
    en = [i for i in range(1, conf.en_pairs + 1) if i not in conf.en_only]
    zh = [i for i in range(1, conf.cn_pairs + 1) if i not in conf.zh_only]
    assert len(en) == len(zh), conf
    return list(zip(en, zh))


def dialog_pair_is_aligned(pair: DialogPair, conf: Conference) -> bool:
    """Whether a dialog pair joins the same exchange in both languages."""
    return (pair.index + 1, pair.index + 1) in aligned_positions(conf)
