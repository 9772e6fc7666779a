"""Words and phrases of a request's text for the analysis, with nothing personal left in them.

jieba segments the Chinese text with part-of-speech tags; kept are nouns, verbs and idioms of
two characters or more, without personal names (nr), place names (ns), numbers (m), Latin
strings and stop words. A phrase is two kept words side by side. Numbers are scrubbed before
segmenting, so no phone or card digits ever reach the list.
"""

from __future__ import annotations

import functools
import logging

from .masking import scrub

KEPT_FLAGS = ("n", "v", "vn", "nz", "l", "i", "a", "an", "nt")
DROPPED_FLAGS = ("nr", "ns", "nrt", "nrfg", "m", "eng", "x")
STOP_WORDS = frozenset("我们 你们 他们 这个 那个 什么 怎么 为什么 可以 没有 就是 还是 已经 现在 时候 一个 自己 问题 情况 请问 希望 知道 觉得 进行 需要 可能 因为 所以 但是 如果 然后 还有 这样 是不是 不是 有没有 能不能 一直 天天".split())


@functools.lru_cache(maxsize=1)
def _posseg():
    import jieba
    import jieba.posseg

    jieba.setLogLevel(logging.WARNING)
    jieba.initialize()
    return jieba.posseg


def text_keywords(text: str) -> dict[str, list[str]]:
    """{"words": [...], "phrases": [...]} of `text`, in order of appearance (repeats kept)."""
    if not text:
        return {"words": [], "phrases": []}
    words, phrases, previous = [], [], None
    for token in _posseg().lcut(scrub(text).replace("[已隐去]", "。")):
        word, flag = token.word.strip(), token.flag
        keep = (
            len(word) >= 2
            and flag.startswith(KEPT_FLAGS)
            and not flag.startswith(DROPPED_FLAGS)
            and word not in STOP_WORDS
            and not any(character.isdigit() for character in word)
        )
        if keep:
            words.append(word)
            if previous is not None:
                phrases.append(previous + word)
            previous = word
        else:
            previous = None
    return {"words": words, "phrases": phrases}
