"""Clause tokens and sentences for Chinese text.

Chinese has no spaces, and the Chinese components match names character by character over
the text (:mod:`kg.nlp.zh.entities`), so no word segmentation is needed: a token is a run
of characters between punctuation marks, each punctuation mark is a token, and whitespace
(including the U+3000 indentation of the MFA pages) is a token of its own. Sentences end at
。！？ (with any closing quote or bracket after them), so ``sentence_bounds`` works as in
English. The tokens join back to the exact text, so every offset holds.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["ClauseTokenizer", "PUNCT", "SENTENCE_END"]

PUNCT = "。！？；，、：“”‘’《》（）()!?;,:…—「」『』【】"
SENTENCE_END = "。！？!?"
CLOSERS = "”’）)」』】"
_PIECES = re.compile(rf"\s+|[{re.escape(PUNCT)}]|[^\s{re.escape(PUNCT)}]+")


class ClauseTokenizer:
    """``nlp.tokenizer`` for Chinese: clause tokens, sentence starts set.

    >>> import spacy
    >>> nlp = spacy.blank("zh"); nlp.tokenizer = ClauseTokenizer(nlp.vocab)
    >>> doc = nlp("　　中方敦促美方停止。“好。”我们欢迎！")
    >>> [t.text for t in doc][:6]
    ['\\u3000\\u3000', '中方敦促美方停止', '。', '“', '好', '。']
    >>> [s.text for s in doc.sents]
    ['\\u3000\\u3000中方敦促美方停止。', '“好。”', '我们欢迎！']
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = _PIECES.findall(text)
        if not words:
            return Doc(self.vocab, words=[], spaces=[])
        starts = [True]
        ended = False
        for prev, w in zip(words, words[1:]):
            if prev[0] in SENTENCE_END:
                ended = True
            elif ended and prev[0] not in CLOSERS:
                ended = False
            starts.append(ended and w[0] not in CLOSERS and w[0] not in SENTENCE_END)
            if starts[-1]:
                ended = False
        return Doc(self.vocab, words=words, spaces=[False] * len(words), sent_starts=starts)

    # spaCy calls these when it saves or copies a pipeline
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "ClauseTokenizer":
        return self
