"""A JSON list of records, read one record at a time, with where every string sits in the text.

Readers of many-record JSON files need two things the standard ``json`` module does not give:
the records before a defect (a file cut short, a syntax error) and a name for the defective
one, and the character offsets of each string value in the file, so that a turn's source span
points at the JSON string it came from. :func:`iter_records` gives both.

>>> text = '[{"q": "Hi\\\\u00e9"}, {"q": "x"'
>>> [type(r).__name__ for r in iter_records(text)]
['JsonRecord', 'JsonDefect']
>>> first = next(iter_records(text))
>>> start, end = first.spans[("q",)]
>>> first.value, text[start:end] == "Hi" + chr(92) + "u00e9"
({'q': 'Hié'}, True)
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from json.decoder import JSONDecodeError, scanstring

__all__ = ["JsonRecord", "JsonDefect", "NotAList", "iter_records", "raw_offset"]

_WS = re.compile(r"[ \t\n\r]*")
_SCAN = json.JSONDecoder().scan_once   # numbers, true, false, null


@dataclass
class JsonRecord:
    """One item of the top-level list: its value, where it sits, and where its strings sit."""

    index: int                      # 0-based position in the list
    value: object
    start: int                      # character offsets of the item in the text
    end: int
    line: int                       # 1-based line the item starts on
    # path inside the item ("en_pairs", 3, "question") -> (start, end) of the string's raw
    # characters in the text, between its quotes
    spans: dict[tuple, tuple[int, int]] = field(default_factory=dict)


@dataclass(frozen=True)
class JsonDefect:
    """The item where reading stopped: the file is cut short there, or not valid JSON."""

    index: int
    line: int
    reason: str


class NotAList(ValueError):
    """The text is JSON, but its top level is not a list (the message says what it is)."""


def _line(text: str, pos: int) -> int:
    return text.count("\n", 0, pos) + 1


def _skip(text: str, i: int) -> int:
    return _WS.match(text, i).end()


def _value(text: str, i: int, path: tuple, spans: dict) -> tuple[object, int]:
    i = _skip(text, i)
    if i >= len(text):
        raise JSONDecodeError("Expecting value", text, i)
    ch = text[i]
    if ch == '"':
        value, end = scanstring(text, i + 1)
        spans[path] = (i + 1, end - 1)
        return value, end
    if ch == "{":
        out: dict = {}
        i = _skip(text, i + 1)
        if text.startswith("}", i):
            return out, i + 1
        while True:
            if not text.startswith('"', i):
                raise JSONDecodeError("Expecting property name enclosed in double quotes", text, i)
            key, i = scanstring(text, i + 1)
            i = _skip(text, i)
            if not text.startswith(":", i):
                raise JSONDecodeError("Expecting ':' delimiter", text, i)
            out[key], i = _value(text, i + 1, path + (key,), spans)
            i = _skip(text, i)
            if text.startswith("}", i):
                return out, i + 1
            if not text.startswith(",", i):
                raise JSONDecodeError("Expecting ',' delimiter", text, i)
            i = _skip(text, i + 1)
    if ch == "[":
        items: list = []
        i = _skip(text, i + 1)
        if text.startswith("]", i):
            return items, i + 1
        while True:
            item, i = _value(text, i, path + (len(items),), spans)
            items.append(item)
            i = _skip(text, i)
            if text.startswith("]", i):
                return items, i + 1
            if not text.startswith(",", i):
                raise JSONDecodeError("Expecting ',' delimiter", text, i)
            i += 1
    try:
        return _SCAN(text, i)
    except StopIteration:
        raise JSONDecodeError("Expecting value", text, i) from None


def _describe(text: str, i: int) -> str:
    """What a non-list top level is, for the error message."""
    kinds = {"{": "an object", '"': "a string"}
    return kinds.get(text[i:i + 1], "a number or literal") if i < len(text) else "empty"


def _defect(text: str, index: int, start: int, exc: Exception) -> JsonDefect:
    pos = getattr(exc, "pos", start)
    msg = getattr(exc, "msg", repr(exc))
    if pos >= len(text.rstrip()) or msg.startswith("Unterminated string"):
        # the text ran out: an unterminated string scans to the very end
        why = "the file ends inside this record (cut short?)"
    else:
        why = f"not valid JSON at line {_line(text, pos)}, column {pos - text.rfind(chr(10), 0, pos)}: {msg}"
    return JsonDefect(index, _line(text, start), why)


def iter_records(text: str) -> Iterator[JsonRecord | JsonDefect]:
    """Each item of the top-level list of ``text``, then a :class:`JsonDefect` if reading stopped.

    Raises :class:`NotAList` when the top level is valid JSON but not a list, and
    ``json.JSONDecodeError`` when it is not JSON at all. Reading stops at the first item
    that cannot be read: a defect cannot be skipped reliably, since where the next item
    starts is not known.
    """
    i = _skip(text, 0)
    if not text.startswith("[", i):
        try:
            json.loads(text)
        except JSONDecodeError:
            raise
        raise NotAList(f"the top level is {_describe(text, i)}, not a list of records")
    i += 1
    index = 0
    while True:
        i = _skip(text, i)
        if index == 0 and text.startswith("]", i):
            return
        start = i
        spans: dict = {}
        try:
            value, end = _value(text, i, (), spans)
        except (JSONDecodeError, RecursionError) as exc:
            yield _defect(text, index, start, exc)
            return
        yield JsonRecord(index, value, start, end, _line(text, start), spans)
        index += 1
        i = _skip(text, end)
        if text.startswith("]", i):
            rest = _skip(text, i + 1)
            if rest < len(text):
                yield JsonDefect(index, _line(text, rest), "extra text after the end of the list")
            return
        if not text.startswith(",", i):
            exc = JSONDecodeError("Expecting ',' delimiter", text, i)
            yield _defect(text, index, i, exc)
            return
        i += 1


def raw_offset(text: str, start: int, end: int, k: int) -> int:
    """The offset in ``text`` of decoded character ``k`` of the JSON string whose raw
    characters are ``text[start:end]`` (escapes such as ``\\n`` or ``\\u00e9`` take more
    than one raw character).

    >>> raw = '"a\\\\nb\\\\u00e9c"'
    >>> [raw_offset(raw, 1, len(raw) - 1, k) for k in range(6)]
    [1, 2, 4, 5, 11, 12]
    """
    i, n = start, 0
    while n < k and i < end:
        if text[i] == "\\":
            if text[i + 1] == "u":
                code = int(text[i + 2:i + 6], 16)
                i += 6
                if 0xD800 <= code < 0xDC00 and text.startswith("\\u", i):
                    i += 6        # a surrogate pair is one character
            else:
                i += 2
        else:
            i += 1
        n += 1
    return i
