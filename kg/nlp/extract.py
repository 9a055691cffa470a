"""Extraction stage: a :class:`~kg.model.Conference` in, a :class:`~kg.analysis.ConferenceAnalysis` out.

Runs the spaCy pipeline (``kg.nlp``) over every utterance of one transcript, resolves
short references to people across the transcript, then finds stances (which need those
resolved mentions), and decides each exchange's topics from its question and answers.
"""

from __future__ import annotations

from kg.analysis import ConferenceAnalysis, TurnAnalysis
from kg.model import Conference, Role

__all__ = ["extract", "analyse_texts", "exchange_topics", "pipeline_for", "LANGUAGES", "DEFAULT_MODEL"]

from kg.nlp.pipeline import DEFAULT_MODEL  # noqa: E402

# a topic needs a trigger in the question, or this many trigger hits in the answers
ANSWER_HITS_FOR_TOPIC = 2
# utterances analysed together (spaCy docs kept in memory at once)
WINDOW = 2000


# language -> the function that analyses a document's utterances in that language:
# analyse(model, texts, is_answer, home) -> list[TurnAnalysis], and the model name it records
LANGUAGES: dict[str, tuple] = {}


def _english(model: str, texts: list[str], is_answer: list[bool], home: str) -> list[TurnAnalysis]:
    return _analyse(model, texts, is_answer, home)


LANGUAGES["en"] = (_english, lambda model: model)


def pipeline_for(language: str, model: str = DEFAULT_MODEL) -> str | None:
    """The extraction model a document in ``language`` gets, or None when diplokg has no
    pipeline for that language (the document is then stored without extraction)."""
    entry = LANGUAGES.get(language)
    return entry[1](model) if entry else None


def extract(conf: Conference, model: str = DEFAULT_MODEL) -> ConferenceAnalysis:
    """Analyse every utterance of one document with the pipeline of its language.

    The document's government is its speaker's own country: never a stance target, and
    naming it is no sign that an answer refers elsewhere.
    """
    if conf.language not in LANGUAGES:
        raise ValueError(f"no extraction pipeline for language {conf.language!r}")
    analyse, model_name = LANGUAGES[conf.language]
    items: list[tuple[tuple, str, bool]] = []   # (key, text, is_answer)
    for st in conf.statements:
        items.append((("s", st.position), st.turn.text, False))
    for ex in conf.exchanges:
        for k, turn in enumerate(ex.turns, start=1):
            items.append((("t", ex.position, k), turn.text, turn.role is Role.ANSWER))

    # in windows, so that memory stays bounded however long the document is (short names are
    # resolved within a window; no real transcript comes near one window's length)
    analysed = []
    for i in range(0, len(items), WINDOW):
        part = items[i:i + WINDOW]
        analysed.extend(analyse(model, [text for _, text, _ in part], [a for _, _, a in part], conf.government))
    out = ConferenceAnalysis(model=model_name(model))
    for (key, _, _), ta in zip(items, analysed):
        if key[0] == "s":
            out.statements[key[1]] = ta
        else:
            out.turns[(key[1], key[2])] = ta
    for ex in conf.exchanges:
        out.topics[ex.position] = exchange_topics(
            [out.turns[(ex.position, k)] for k in range(1, len(ex.turns) + 1)],
            [t.role for t in ex.turns])
    return out


def analyse_texts(texts: list[str], model: str = DEFAULT_MODEL,
                  answers: bool = True, home: str = "CN") -> list[TurnAnalysis]:
    """Analyse free-standing utterances (e.g. question or answer texts from another corpus).

    Each text is one utterance; short names are resolved across all of them, as within
    one transcript. With ``answers`` the texts also get response types and stances.
    """
    return _analyse(model, texts, [answers] * len(texts), home)


def _analyse(model: str, texts: list[str], is_answer: list[bool], home: str = "CN") -> list[TurnAnalysis]:
    """The English pipeline over one transcript's utterances, then surnames, then stances on answers."""
    from kg.nlp import make_pipeline
    from kg.nlp.en.people import resolve_short_names
    from kg.nlp.extensions import remember_text, set_home_country

    nlp = make_pipeline(model)
    made = [set_home_country(remember_text(nlp.make_doc(text), text), home) for text in texts]
    with nlp.select_pipes(disable=["dk_stance"]):
        docs = list(nlp.pipe(made))   # spaCy's default batch size: a whole transcript per batch
    found = {i: list(doc._.dk_mentions or []) for i, doc in enumerate(docs)}
    resolve_short_names(dict(enumerate(texts)), found)
    stance = nlp.get_pipe("dk_stance")
    out = []
    for i, (doc, answer) in enumerate(zip(docs, is_answer)):
        doc._.dk_mentions = found[i]
        ta = TurnAnalysis(mentions=found[i], topics=doc._.dk_topics or {})
        if answer:
            stance(doc)
            ta.responses = list(doc._.dk_responses or [])
            ta.stances = list(doc._.dk_stances or [])
        out.append(ta)
    return out


def exchange_topics(turns: list[TurnAnalysis], roles: list[Role]) -> list[str]:
    """Concepts cued in a question turn, or cued often enough in the answers.

    >>> q = TurnAnalysis(topics={"taiwan": ["Taiwan"]})
    >>> a = TurnAnalysis(topics={"trade-and-tariffs": ["tariffs"], "covid-19": ["COVID-19", "the epidemic"]})
    >>> exchange_topics([q, a], [Role.QUESTION, Role.ANSWER])
    ['covid-19', 'taiwan']
    """
    score: dict[str, int] = {}
    for ta, role in zip(turns, roles):
        for concept, hits in ta.topics.items():
            if role is Role.ANSWER:
                score[concept] = score.get(concept, 0) + len(hits)
            else:
                score[concept] = score.get(concept, 0) + ANSWER_HITS_FOR_TOPIC
    return sorted(c for c, s in score.items() if s >= ANSWER_HITS_FOR_TOPIC)
