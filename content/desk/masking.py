"""Masking personal values for display, and finding numbers that are personal in free text.

Shown everywhere by default (queue, details, exports, status page): a name keeps its first
character (张**), a phone its first three and last four digits (138****5678), an ID or card
number its first and last four (1101**********1234). `scrub` replaces such numbers with a
marker for text that is kept without encryption (feedback comments, statistics).

Patterns are written by hand: the formats are few and national (mainland mobile numbers,
18-character resident ID numbers, 12–19-digit bank card numbers), and no maintained library
covers them for Chinese text.
"""

from __future__ import annotations

import re

PHONE = re.compile(r"(?<!\d)(1[3-9]\d)[ -]?(\d{4})[ -]?(\d{4})(?!\d)")
ID_NUMBER = re.compile(r"(?<![\dA-Za-z])(\d{6})(?:19|20)\d{2}(?:0[1-9]|1[0-2])\d{2}\d{3}[\dXx](?![\dA-Za-z])")
CARD_NUMBER = re.compile(r"(?<!\d)\d(?:[ -]?\d){11,18}(?!\d)")
LANDLINE = re.compile(r"(?<!\d)0\d{2,3}-?\d{7,8}(?!\d)")
SCRUBBED = "[已隐去]"


def mask_name(name: str) -> str:
    """张三 → 张*; 欧阳娜娜 → 欧***; empty stays empty."""
    name = (name or "").strip()
    if not name:
        return ""
    return name[0] + "*" * max(1, len(name) - 1)


def mask_phone(phone: str) -> str:
    """13812345678 → 138****5678; anything shorter than seven digits → ****."""
    digits = re.sub(r"\D", "", phone or "")
    if not digits:
        return ""
    if len(digits) < 7:
        return "****"
    return f"{digits[:3]}{'*' * (len(digits) - 7)}{digits[-4:]}"


def mask_number(number: str) -> str:
    """An ID or card number with only its first and last four characters shown."""
    compact = re.sub(r"[ -]", "", number)
    if len(compact) <= 8:
        return "*" * len(compact)
    return compact[:4] + "*" * (len(compact) - 8) + compact[-4:]


def _replace_numbers(text: str, replace) -> str:
    text = ID_NUMBER.sub(lambda match: replace(match.group(0)), text)
    text = PHONE.sub(lambda match: replace(match.group(0), phone=True), text)
    text = CARD_NUMBER.sub(lambda match: replace(match.group(0)), text)
    return LANDLINE.sub(lambda match: replace(match.group(0), phone=True), text)


def mask_text(text: str) -> str:
    """`text` with every phone, ID and card number in it masked."""

    def replace(value: str, phone: bool = False) -> str:
        return mask_phone(value) if phone else mask_number(value)

    return _replace_numbers(text or "", replace)


def scrub(text: str) -> str:
    """`text` with every phone, ID and card number replaced by 「[已隐去]」."""
    return _replace_numbers(text or "", lambda value, phone=False: SCRUBBED)


# A name the writer gives: 我叫张三, 姓名：李四, 名字是王小明 (what follows the cue, up to four Han characters).
NAME_CUE = re.compile(r"(我叫|本人叫|姓名[是为:：]?|名字[是叫为:：]?|叫做)\s*[\u4e00-\u9fff]{2,4}")


# Common surnames: jieba tags some ordinary words as names (银行卡 → nr), so a tagged word counts
# as a name only when it starts with one of these.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
)
COMPOUND_SURNAMES = ("欧阳", "司马", "上官", "诸葛", "东方", "慕容", "令狐", "皇甫")


def _looks_like_name(word: str, flag: str) -> bool:
    return flag.startswith("nr") and 2 <= len(word) <= 4 and (word[0] in SURNAMES or word.startswith(COMPOUND_SURNAMES))


def scrub_names(text: str) -> str:
    """`text` with personal names replaced by 「[已隐去]」: those after a cue (我叫…, 姓名…) and those
    jieba tags as person names with a common surname, e.g. 张三说 → [已隐去]说."""
    from .keywords import _posseg

    text = NAME_CUE.sub(lambda match: match.group(1) + SCRUBBED, text or "")
    if not text:
        return text
    return "".join(
        SCRUBBED if _looks_like_name(token.word, token.flag) else token.word for token in _posseg().cut(text)
    )


def scrub_personal(text: str) -> str:
    """`scrub` and `scrub_names` together: what free text keeps when it is stored for statistics."""
    return scrub_names(scrub(text))


def contains_personal_numbers(text: str) -> bool:
    """Whether `text` holds something `scrub` would hide."""
    return scrub(text) != (text or "")
