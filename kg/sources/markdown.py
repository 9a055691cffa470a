"""Markdown files as pandoc writes them: YAML front matter, escapes, blank-line paragraphs.

- :func:`front_matter` splits the ``---``-fenced YAML block from the body (or says what is
  wrong with it: missing, never closed, broken YAML, not a mapping);
- :func:`unescape` undoes pandoc's backslash escapes (``\\[sic\\]`` -> ``[sic]``) and drops
  inline strike-through tags (``<s>2008</s> \\[2018\\]`` -> ``2008 [2018]``: the words said
  and the editor's correction both stay);
- :func:`paragraphs` cuts a text into :class:`~kg.model.Block` paragraphs: blank-line separated
  blocks, with hard-wrapped lines joined, and a new paragraph wherever a line opens with a
  speaker label (``starts_paragraph``).

Offsets of the blocks point into the text given to :func:`paragraphs`; a format stores the
unescaped text as ``SourceText.text`` so that they point into what it keeps.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from dataclasses import dataclass

from kg.model import BadInput, Block
from kg.sources.text import normalise

__all__ = ["FrontMatter", "front_matter", "unescape", "paragraphs"]

_FENCE = re.compile(r"^---[ \t]*\r?$", re.M)
_ESCAPE = re.compile(r"\\([!-/:-@\[-`{-~])")      # a backslash before ASCII punctuation
_INLINE_TAG = re.compile(r"</?(?:s|strike|del|ins|u|em|strong|i|b|sup|sub)>", re.I)
_BLANK = re.compile(r"[ \t\u00a0\u3000]*")


@dataclass(frozen=True)
class FrontMatter:
    """The YAML fields of a file, and where its body starts (after the closing ``---``)."""

    fields: dict
    end: int            # offset of the body in the file's text


def front_matter(path: str, text: str) -> FrontMatter:
    """The YAML front matter opening ``text``, or :class:`BadInput` saying what is wrong.

    >>> fm = front_matter("x.md", "---\\ntitle: \\"Jen\\\\_Psaki\\"\\ndate: '2021-01-20'\\n---\\nbody")
    >>> fm.fields["title"] == "Jen\\u00a0Psaki", fm.fields["date"], fm.end
    (True, '2021-01-20', 47)
    >>> front_matter("x.md", "no fence")
    Traceback (most recent call last):
    kg.model.BadInput: x.md: no YAML front matter: the file must open with a '---' line, then the fields (date, title, source_url), then '---'
    """
    import yaml

    lead = len(text) - len(text.lstrip("\ufeff \t\r\n"))
    opening = _FENCE.match(text, lead)
    if opening is None:
        raise BadInput(path, "no YAML front matter: the file must open with a '---' line, then the "
                             "fields (date, title, source_url), then '---'")
    closing = _FENCE.search(text, opening.end())
    if closing is None:
        raise BadInput(path, "the YAML front matter opened on line "
                             f"{text.count(chr(10), 0, lead) + 1} is never closed by a '---' line")
    raw = text[opening.end():closing.start()]
    try:
        fields = yaml.safe_load(raw)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" (front matter line {mark.line + 1}, column {mark.column + 1})" if mark else ""
        problem = getattr(exc, "problem", None) or str(exc).splitlines()[0]
        raise BadInput(path, f"broken YAML front matter: {problem}{where}") from None
    if not isinstance(fields, dict):
        raise BadInput(path, f"the YAML front matter is {type(fields).__name__ if fields is not None else 'empty'}, "
                             "not a mapping of fields (date, title, source_url)")
    end = closing.end()
    if text.startswith("\r\n", end):
        end += 2
    elif text.startswith("\n", end):
        end += 1
    return FrontMatter(fields, end)


def unescape(body: str) -> str:
    """Pandoc's backslash escapes undone, inline strike-through and emphasis tags dropped.

    >>> unescape(r"Judiciary Community \\[sic\\] — on that <s>yesterday</s> \\[yet\\]. \\###")
    'Judiciary Community [sic] — on that yesterday [yet]. ###'
    """
    return _ESCAPE.sub(r"\1", _INLINE_TAG.sub("", body))


def paragraphs(text: str, start: int = 0, starts_paragraph: Callable[[str], bool] | None = None) -> list[Block]:
    """Paragraphs of ``text[start:]``: blocks of non-blank lines, lines joined by one space.

    A line for which ``starts_paragraph(line)`` holds opens a new paragraph even without a
    blank line before it. Each :class:`Block` locates its raw paragraph in ``text``.

    >>> [b.text for b in paragraphs("A line\\nwrapped.  \\n\\n \\nQ    Next?\\nMR. X: Yes.", 0,
    ...                              lambda line: line.startswith(("Q ", "MR.")))]
    ['A line wrapped.', 'Q Next?', 'MR. X: Yes.']
    """
    blocks: list[Block] = []
    first = last = None   # raw start and end of the paragraph being gathered

    def flush():
        if first is not None:
            raw = text[first:last]
            blocks.append(Block(normalise(raw), first, last))

    pos = start
    for line in text[start:].splitlines(keepends=True):
        body = line.rstrip("\r\n")
        if _BLANK.fullmatch(body):
            flush()
            first = last = None
        else:
            lead = len(body) - len(body.lstrip(" \t\u00a0\u3000\ufeff"))
            trail = len(body.rstrip(" \t\u00a0\u3000\ufeff"))
            if first is not None and starts_paragraph and starts_paragraph(body[lead:]):
                flush()
                first = None
            if first is None:
                first = pos + lead
            last = pos + trail
        pos += len(line)
    flush()
    return blocks
