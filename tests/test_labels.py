import pytest

from kg.sources.labels import LabelKind, classify


@pytest.mark.parametrize("para, kind, outlet", [
    ("Q: What is your comment?", LabelKind.QUESTION, None),
    ("Q : What is your comment?", LabelKind.QUESTION, None),
    ("Q：What is your comment?", LabelKind.QUESTION, None),
    ("A: We have noted the reports.", LabelKind.ANSWER, None),
    ("A : We have noted the reports.", LabelKind.ANSWER, None),
    ("Zhao Lijian: I noted those responses.", LabelKind.ANSWER, None),
    ("Hua chunying: China firmly opposes this.", LabelKind.ANSWER, None),
    ("Follow-up: Can you confirm?", LabelKind.FOLLOW_UP, None),
    ("Journalist clarifies: Some US media commented that...", LabelKind.CLARIFICATION, None),
    ("Journalist adds: It is called Badger Sportswear.", LabelKind.CLARIFICATION, None),
    ("The journalist clarified: yes.", LabelKind.CLARIFICATION, None),
    ("Reporter: Australian Prime Minister Turnbull has previously mentioned China.", LabelKind.CLARIFICATION, None),
    ("Journalist: The border areas of Thailand.", LabelKind.CLARIFICATION, None),
    ("Foreign Journalist: This is a follow-up to the case.", LabelKind.ANONYMOUS, None),
    ("Question raised after the press conference: Media reports say a US C-40A ...", LabelKind.AFTER_CONFERENCE, None),
    ("After the press conference, the following question is raised: The Vietnamese government ...", LabelKind.AFTER_CONFERENCE, None),
    ("A journalist posed the following question after the press conference: We have learned ...", LabelKind.AFTER_CONFERENCE, None),
    ("The following questions were raised after the press conference:", LabelKind.AFTER_CONFERENCE, None),
    ("After the Press Conference, a journalist asked if China is going to offer assistance to Iran.", LabelKind.AFTER_CONFERENCE, None),
    ("Reuters: Can you confirm the visit?", LabelKind.OUTLET, "reuters"),
    ("Phoenix TV : First question, on Tuesday ...", LabelKind.OUTLET, "phoenix-tv"),
    ("Bloomberg News: A follow-up.", LabelKind.OUTLET, "bloomberg"),
    ("Bloomberg: A question.", LabelKind.OUTLET, "bloomberg"),
    ("Agence France-Presse: A question.", LabelKind.OUTLET, "afp"),
    ("AFP: A question.", LabelKind.OUTLET, "afp"),
    ("Kyodo: A question.", LabelKind.OUTLET, "kyodo"),
    ("Kyodo News: A question.", LabelKind.OUTLET, "kyodo"),
    ("Tass News Agency: A question.", LabelKind.OUTLET, "tass"),
    ("TASS: A question.", LabelKind.OUTLET, "tass"),
    ("CNS: A question.", LabelKind.OUTLET, "cns"),
    ("China News Service: A question.", LabelKind.OUTLET, "cns"),
    ("R euters: a scraping defect seen in the 2026 set.", LabelKind.OUTLET, "reuters"),
    ("ITN&BBC: A question.", LabelKind.OUTLET, "itn-bbc"),
    ("Daily Planet Gazette: an outlet nobody listed yet.", LabelKind.OUTLET, "daily-planet-gazette"),
])
def test_labels_recognised(para, kind, outlet):
    label = classify(para)
    assert label is not None and label.kind is kind
    if outlet:
        assert label.outlet.key == outlet


@pytest.mark.parametrize("para", [
    "I want to stress this: the US should stop.",
    "Our position is very clear: we oppose it.",
    "A word of advice: stop smearing China.",
    "A word of advice to those in the US: stop.",
    "First, some figures from the NHC. Between 00:00 and 24:00 on February 9, ...",
    "At 10:00 tomorrow, the ministry will hold a briefing.",
    "As of 24:00 on February 9, ...",
    "China's position is clear: we oppose it.",
    "Here I would like to stress three points: first, ...",
    "Under the theme of \"Leadership 4.0: ...\"",
    "Appendix: something",
    "Let me stress this once again: there is only one China.",
    "But one thing is certain: history will judge.",
    "I want to ask Mr. Pompeo this question: why?",
    "We firmly oppose this.",
])
def test_answer_phrases_are_not_labels(para):
    assert classify(para) is None


def test_spokesperson_from_title_is_an_answer_label():
    label = classify("Wang Xiaoming: we have noted it.", ("Wang Xiaoming",))
    assert label.kind is LabelKind.ANSWER and label.speaker == "Wang Xiaoming"
