"""What a question to the answer desk is about before it is searched: a fraud in progress, the reader's own account, a complaint.

The phrases are data (data/intents.toml), matched on the folded question. A fraud in progress
wins over everything: 110 and 96110 come first on the answer, whatever else it says.
"""

from __future__ import annotations

import functools
import tomllib

from .analysis import DATA, fold

FRAUD_IN_PROGRESS = "fraud_in_progress"
PERSONAL_ACCOUNT = "personal_account"
COMPLAINT = "complaint"


@functools.lru_cache(maxsize=1)
def _intents() -> dict:
    with (DATA / "intents.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return {
        name: {key: [fold(item) for item in values] for key, values in section.items()}
        for name, section in data.items() if isinstance(section, dict)
    }


@functools.lru_cache(maxsize=1)
def _answer_types() -> list[tuple[list[str], list[str]]]:
    with (DATA / "intents.toml").open("rb") as handle:
        data = tomllib.load(handle)
    return [([fold(ask) for ask in item["asks"]], [fold(answer) for answer in item["answers"]]) for item in data.get("answer_types", [])]


def wanted_answer_words(question: str) -> list[str]:
    """Words a passage that answers this kind of question tends to hold (data/intents.toml, answer_types).

    >>> wanted_answer_words("被骗了怎么办")[:2]
    ['怎么办', '怎么做']
    """
    folded = fold(question)
    words: list[str] = []
    for asks, answers in _answer_types():
        if any(ask in folded for ask in asks):
            words.extend(answers)
    return words


def question_intent(question: str) -> str:
    """FRAUD_IN_PROGRESS, PERSONAL_ACCOUNT, COMPLAINT or "" for a question our pages may answer.

    >>> question_intent("对方让我转到安全账户")
    'fraud_in_progress'
    >>> question_intent("网贷逾期会影响征信吗")
    ''
    """
    folded = fold(question)
    intents = _intents()
    fraud = intents[FRAUD_IN_PROGRESS]
    if any(phrase in folded for phrase in fraud["phrases"]) or (
        any(word in folded for word in fraud["words"]) and any(word in folded for word in fraud["context"])
    ):
        return FRAUD_IN_PROGRESS
    for name in (PERSONAL_ACCOUNT, COMPLAINT):
        if any(phrase in folded for phrase in intents[name]["phrases"]):
            return name
    return ""
