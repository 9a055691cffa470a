"""The build's fast paths give what the plain ones gave (issue 15: speed with output unchanged).

Gazetteer matching (words that may start a name are decided once per word; case rules
checked as the trie walk goes), the mapping's N-Triples text (no rdflib term per quad) and
the Chinese-text test of the MFA English reader each have a slower, plainer way of saying
the same thing; these tests compare the two on real transcripts, and check names the
gazetteer must find in sentences quoted from the China MFA corpus.
"""

from __future__ import annotations

import pytest

from kg.paths import SAMPLE_DIR

# sentences quoted from ../shared/corpus/fmprc-en-2018-2020_cwang23-china_fm/txt (file named
# with each; 2018-05-11, 2019-01-08 and 2019-11-26 are also in kg/data/sample)
# and what a reader finds in them: (text, [(anchor, kind, key), ...])
SENTENCES = [
    # 2018-05-11_geng-shuang_t1558711.txt: the longest name wins, the title is part of the alias
    ("During Premier Li Keqiang's official visit to Japan, our two sides inked the Agreement on the "
     "Co-production of Films between the Chinese Government and the Japanese Government.",
     [("Premier Li Keqiang", "person", "li-keqiang"), ("Japan", "country", "JP"),
      ("Chinese", "country", "CN"), ("Japanese", "country", "JP")]),
    # 2019-01-08_lu-kang_t1627900.txt: "Vice Premier" is no part of the name; a hyphen splits two names
    ("Q: What signal was being sent by Vice Premier Liu He's drop-in at the China-US trade talks yesterday?",
     [("Liu He", "person", "liu-he"), ("China", "country", "CN"), ("US", "country", "US")]),
    # 2019-01-03_lu-kang_t1626865.txt: "us" is a pronoun, not the acronym US
    ("Can you tell us what they are charged for?", []),
    # 2019-01-16_hua-chunying_t1629984.txt: acronyms in capitals, the same name twice
    ("A: China has been closely following the Brexit issue and noted that there are some disagreements "
     "within the UK and between the UK and the EU on this issue.",
     [("China", "country", "CN"), ("UK", "country", "GB"), ("UK", "country", "GB"),
      ("EU", "organization", "european-union")]),
    # 2018-12-03_geng-shuang_t1618558.txt: a name that starts with a number (not a capital)
    ("China will continue to abide by the purposes and principles of the UN Charter, firmly uphold "
     "multilateralism, actively push for the settlement of hot-spot issues and the implementation of "
     "the 2030 Agenda for Sustainable Development, and promote a bigger role for the UN in international affairs.",
     [("China", "country", "CN"), ("UN Charter", "initiative", "un-charter"),
      ("2030 Agenda for Sustainable Development", "initiative", "agenda-2030"),
      ("UN", "organization", "united-nations")]),
    # 2020-06-12_hua-chunying_t1788415.txt: a name that starts with a lower-case word (Hong Kong is
    # a territory of countries.csv, ISO HK)
    ("The solution to this unrest and its underlying causes must come from Hong Kong, and cannot be "
     "imposed from mainland China.",
     [("Hong Kong", "country", "HK"), ("mainland China", "country", "CN")]),
    # 2019-11-26_geng-shuang_remarks_t1719112.txt: another country's ministry is not China's
    ("According to reports, Iranian Foreign Ministry spokesperson Mousavi said on November 23 that the "
     "Joint Commission of the Joint Comprehensive Plan of Action (JCPOA) will hold a meeting on "
     "December 6 and the venue might be Vienna.",
     [("Iranian", "country", "IR"), ("Iranian Foreign Ministry", "organization", None),
      ("Joint Comprehensive Plan of Action", "initiative", "jcpoa"), ("JCPOA", "initiative", "jcpoa"),
      ("Vienna", "place", "vienna")]),
]


@pytest.mark.parametrize("text,expected", SENTENCES, ids=[s[0][:40] for s in SENTENCES])
def test_names_found_in_quoted_sentences(text, expected):
    from kg.nlp.extract import analyse_texts

    (ta,) = analyse_texts([text], "none", answers=False)
    got = [(m.text, m.entity.kind, m.entity.key) for m in ta.mentions]
    assert [(a, k) for a, k, _ in got] == [(a, k) for a, k, _ in expected]
    for (_, _, key), (_, _, want) in zip(got, expected):
        if want is not None:
            assert key == want
    for m in ta.mentions:
        assert text[m.start:m.end] == m.text


def _sample_texts() -> list[str]:
    from kg.sources import read_file

    texts = []
    for path in sorted(SAMPLE_DIR.iterdir()):
        if path.suffix in (".md",) and path.name == "SOURCES.md":
            continue
        try:
            read = read_file(str(path), path.read_bytes(), None)
        except Exception:
            continue
        for conf in read.documents:
            if conf.language == "en":
                texts += [st.turn.text for st in conf.statements]
                texts += [t.text for ex in conf.exchanges for t in ex.turns]
    return texts


def _words(text: str) -> list[str]:
    from kg.nlp import make_pipeline
    from kg.nlp.gazetteer import fold

    doc = make_pipeline("none").make_doc(text)
    folded = fold(text)
    return [folded[t.idx:t.idx + len(t.text)] for t in doc]


def test_start_words_and_case_rules_agree_with_the_plain_walk():
    """Every word the matcher no longer tries (``starts_at``) is one where the plain rule (any
    word that begins a trie path) finds no name; and the case rules checked during the walk
    (``_fits``) agree with the original ``_case_fits`` at every step, over the sample's English text."""
    from kg.nlp.gazetteer import HYPHENS, _case_fits, _fits, gazetteer

    g = gazetteer()
    texts = _sample_texts()
    assert len(texts) > 300
    tried = skipped = steps = 0
    for text in texts:
        words = _words(text)
        fast = set(g.starts_at(words))
        plain = [k for k, w in enumerate(words) if w.lower() in g.trie and w[:1].isalnum()]
        assert fast <= set(plain)
        for i in plain:
            if i in fast:
                tried += 1
            else:
                skipped += 1
                assert g.longest_match(words, i) is None, (text, words[i])
            # the walk, step by step, with both case tests
            node, j, text_so_far = g.trie, i, []
            while j < len(words):
                w = words[j]
                if w in HYPHENS and j > i:
                    j += 1
                    continue
                node = node.get(w.lower())
                if node is None:
                    break
                j += 1
                text_so_far.append(w)
                for a in node.get("", ()):
                    steps += 1
                    assert _fits(a.tokens, text_so_far) == _case_fits(a.tokens, words, i, j)
    assert tried > 1000 and skipped > 1000 and steps > 1000   # both paths really ran


def test_mapping_text_parses_to_the_quads_of_iter_conference_quads():
    """The N-Triples text the build writes, read by rdflib's own parser, is the set of quads
    ``iter_conference_quads`` gives (whose terms come from ``kg.rdf.mapping.term``)."""
    from rdflib import Graph

    from kg.nlp.extract import extract
    from kg.rdf.mapping import conference_text, iter_conference_quads
    from kg.sources import read_file

    path = SAMPLE_DIR / "2019-01-08_lu-kang_t1627900.txt"
    (conf,) = read_file(str(path), path.read_bytes(), None).documents
    analysis = extract(conf, "none")
    lines = []
    labels = []
    for own, shared, pairs in conference_text(conf, str(path), analysis):
        lines += [f"{s} {p} {o} ." for s, p, o in own + shared]
        labels += pairs
    parsed = Graph()
    parsed.parse(data="\n".join(lines) + "\n", format="nt")
    quads = list(iter_conference_quads(conf, str(path), analysis))
    from kg.rdf.namespaces import LABEL_IF_ABSENT

    assert set(parsed) == {(s, p, o) for s, p, o, g in quads if g != LABEL_IF_ABSENT}
    assert len(parsed) > 1000
    assert {(s.n3(), o.n3()) for s, _, o, g in quads if g == LABEL_IF_ABSENT} == set(labels)


def test_cjk_share_as_the_plain_count():
    """The share of ideographs among letters, counted the plain way, on English, Chinese and
    mixed real text (the sample's English pages and the Chinese of its English-CATTI pairs)."""
    from kg.sources.fmprc_en import cjk_share

    def plain(text: str) -> float:
        letters = [c for c in text if c.isalpha()]
        if not letters:
            return 0.0
        return sum(1 for c in letters if "\u4e00" <= c <= "\u9fff" or "\u3400" <= c <= "\u4dbf") / len(letters)

    texts = [p.read_bytes()[:16384].decode("utf-8", "ignore") for p in sorted(SAMPLE_DIR.iterdir()) if p.is_file()]
    chinese = [t for t in texts if plain(t) > 0]
    assert chinese and len(texts) > len(chinese)
    for text in texts + ["", "1 2 3", "问：你好 Q", "Q: hello’s"]:
        assert cjk_share(text) == plain(text)
