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

# utterances analysed together (spaCy docs kept in memory at once)
WINDOW = 2000


# language -> the function that analyses a document's utterances in that language:
# analyse(model, texts, is_answer, home) -> list[TurnAnalysis], and the model name it records
LANGUAGES: dict[str, tuple] = {}


def _english(model: str, texts: list[str], is_answer: list[bool], home: str,
             context: list[list[int]] | None = None) -> list[TurnAnalysis]:
    return _analyse(model, texts, is_answer, home, context)


LANGUAGES["en"] = (_english, lambda model: model)


def _chinese(model: str, texts: list[str], is_answer: list[bool], home: str,
             context: list[list[int]] | None = None) -> list[TurnAnalysis]:
    from kg.nlp.zh import analyse_zh    # gazetteer and rules: the same whatever the English model

    return analyse_zh(texts, is_answer, home, context)


def _chinese_model(model: str) -> str:
    from kg.nlp.zh.pipeline import ZH_MODEL

    return ZH_MODEL


LANGUAGES["zh"] = (_chinese, _chinese_model)


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
    items: list[tuple[tuple, str, bool]] = []   # (key, text, spoken by the official)
    context: list[list[int]] = []                # per item: the items its references resolve in
    for st in conf.statements:                   # statements carry stances too (not response types)
        items.append((("s", st.position), st.turn.text, True))
        context.append([])
    for ex in conf.exchanges:
        asked: list[int] = []
        for k, turn in enumerate(ex.turns, start=1):
            context.append(list(asked) if turn.role is Role.ANSWER else [])
            if turn.role is Role.QUESTION:
                asked.append(len(items))
            items.append((("t", ex.position, k), turn.text, turn.role is Role.ANSWER))

    import inspect

    takes_context = "context" in inspect.signature(analyse).parameters
    # in windows, so that memory stays bounded however long the document is (short names and
    # references are resolved within a window; no real transcript comes near one window's length)
    analysed = []
    for i in range(0, len(items), WINDOW):
        part = items[i:i + WINDOW]
        extra = {}
        if takes_context:   # item numbers within the window; a question before it is out of reach
            extra["context"] = [[j - i for j in ctx if j >= i] for ctx in context[i:i + WINDOW]]
        analysed.extend(analyse(model, [text for _, text, _ in part], [a for _, _, a in part], conf.government,
                                **extra))
    if conf.language == "en":   # "what Kirby shared": the document's own officials by one name
        from kg.nlp.en.officials import link_officials
        link_officials(conf.officials, conf.anonymous_speakers, [text for _, text, _ in items], analysed)
    out = ConferenceAnalysis(model=model_name(model))
    for (key, _, _), ta in zip(items, analysed):
        if key[0] == "s":
            ta.responses = []        # a statement answers no question
            out.statements[key[1]] = ta
        else:
            out.turns[(key[1], key[2])] = ta
    for ex in conf.exchanges:   # a foreign minister's answer holds no stance of this government
        for k, turn in enumerate(ex.turns, start=1):
            if turn.government not in (None, conf.government):
                out.turns[(ex.position, k)].stances = []
    for ex in conf.exchanges:
        decided = _decided([out.turns[(ex.position, k)] for k in range(1, len(ex.turns) + 1)],
                           [t.role for t in ex.turns])
        out.topics[ex.position] = sorted(c for c, _ in decided)
        out.topic_keys.update({(ex.position, c): how for c, how in decided})
    return out


def analyse_texts(texts: list[str], model: str = DEFAULT_MODEL,
                  answers: bool = True, home: str = "CN") -> list[TurnAnalysis]:
    """Analyse free-standing utterances (e.g. question or answer texts from another corpus).

    Each text is one utterance; short names are resolved across all of them, as within
    one transcript. With ``answers`` the texts also get response types and stances.
    """
    return _analyse(model, texts, [answers] * len(texts), home)


def _analyse(model: str, texts: list[str], is_answer: list[bool], home: str = "CN",
             context: list[list[int]] | None = None) -> list[TurnAnalysis]:
    """The English pipeline over one transcript's utterances, then surnames, then stances on
    answers (whose references resolve through the mentions of the ``context`` utterances)."""
    from kg.nlp import make_pipeline
    from kg.nlp.en.people import resolve_short_names
    from kg.nlp.en.references import set_context
    from kg.nlp.extensions import remember_text, set_home_country

    nlp = make_pipeline(model)
    made = [set_home_country(remember_text(nlp.make_doc(text), text), home) for text in texts]
    # response types are kept for answers only: the other utterances skip that component (it
    # reads the mentions as the pipeline left them, before the surnames below, so it runs here)
    with nlp.select_pipes(disable=["dk_stance", "dk_response_type"]):
        docs = list(nlp.pipe(made))   # spaCy's default batch size: a whole transcript per batch
    responses = nlp.get_pipe("dk_response_type")
    for doc, answer in zip(docs, is_answer):
        if answer:
            responses(doc)
    found = {i: list(doc._.dk_mentions or []) for i, doc in enumerate(docs)}
    resolve_short_names(dict(enumerate(texts)), found)
    stance = nlp.get_pipe("dk_stance")
    out = []
    for i, (doc, answer) in enumerate(zip(docs, is_answer)):
        doc._.dk_mentions = found[i]
        ta = TurnAnalysis(mentions=found[i], topics=doc._.dk_topics or {})
        if answer:
            if context:
                set_context(doc, [m.entity for j in context[i] for m in found[j]])
            stance(doc)
            ta.responses = list(doc._.dk_responses or [])
            ta.stances = list(doc._.dk_stances or [])
        out.append(ta)
    return out


def exchange_topics(turns: list[TurnAnalysis], roles: list[Role]) -> list[str]:
    """Concepts the exchange is about, from the cues of its question and answers
    (:func:`kg.nlp.topics.decide_topics`).

    >>> q = TurnAnalysis(topics={"taiwan": ["Taiwan"]})
    >>> a = TurnAnalysis(topics={"trade-and-tariffs": ["tariffs"], "covid-19": ["COVID-19", "the epidemic"]})
    >>> exchange_topics([q, a], [Role.QUESTION, Role.ANSWER])
    ['taiwan']
    """
    return sorted(c for c, _ in _decided(turns, roles))


def _decided(turns: list[TurnAnalysis], roles: list[Role]) -> list[tuple[str, str]]:
    from kg.nlp.topics import decide_topics

    return decide_topics([(role is not Role.ANSWER, ta.topics) for ta, role in zip(turns, roles)])
