"""Character tokens and sentences for Chinese text.

Chinese has no spaces, and the Chinese components match names character by character over
the text (:mod:`kg.nlp.zh.entities`), so no word segmentation is needed: each character is a
token (so the vocabulary stays as small as the character set, and building a ``Doc`` adds no
new lexemes once the common characters are known), and a run of whitespace (including the
U+3000 indentation of the MFA pages) is one token. Sentences end at
。！？ (with any closing quote or bracket after them), so ``sentence_bounds`` works as in
English. The tokens join back to the exact text, so every offset holds.
"""

from __future__ import annotations

import re

from spacy.tokens import Doc
from spacy.vocab import Vocab

__all__ = ["CharTokenizer", "PUNCT", "SENTENCE_END"]

PUNCT = "。！？；，、：“”‘’《》（）()!?;,:…—「」『』【】"
SENTENCE_END = "。！？!?"
CLOSERS = "”’）)」』】"
_PIECES = re.compile(r"\s+|\S")


class CharTokenizer:
    """``nlp.tokenizer`` for Chinese: character tokens, sentence starts set.

    >>> import spacy
    >>> nlp = spacy.blank("zh"); nlp.tokenizer = CharTokenizer(nlp.vocab)
    >>> doc = nlp("　　中方敦促美方停止。“好。”我们欢迎！")
    >>> [t.text for t in doc][:4]
    ['\\u3000\\u3000', '中', '方', '敦']
    >>> [s.text for s in doc.sents]
    ['\\u3000\\u3000中方敦促美方停止。', '“好。”', '我们欢迎！']
    """

    def __init__(self, vocab: Vocab):
        self.vocab = vocab

    def __call__(self, text: str) -> Doc:
        words = _PIECES.findall(text)
        if not words:
            return Doc(self.vocab, words=[], spaces=[])
        starts = [False] * len(words)
        starts[0] = True
        ends, closers = SENTENCE_END, CLOSERS
        ended = False
        for k in range(1, len(words)):
            prev = words[k - 1][0]
            if prev in ends:
                ended = True
            elif ended and prev not in closers:
                ended = False
            if ended:
                w = words[k][0]
                if w not in closers and w not in ends:
                    starts[k] = True
                    ended = False
        return Doc(self.vocab, words=words, spaces=[False] * len(words), sent_starts=starts)

    # spaCy calls these when it saves or copies a pipeline
    def to_bytes(self, **kwargs) -> bytes:
        return b""

    def from_bytes(self, data: bytes, **kwargs) -> "CharTokenizer":
        return self
