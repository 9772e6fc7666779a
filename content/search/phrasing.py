"""Optional: a language model rephrases the extractive answer, only from the retrieved passages.

Off unless the operator sets ANSWER_LLM_URL (an OpenAI-compatible chat-completions endpoint,
or its base URL ending in /v1) and ANSWER_LLM_KEY (a secret: masked by core/redaction). The
model sees the question and the passages with their titles, and is told to answer only from
them. What it returns is shown only when it passes every check: not empty and short, every
number in it found in the passages (a model that adds a figure is inventing), and no
error-level finding of the compliance rules (content/compliance). Any failure — timeout,
HTTP error, bad JSON, a failed check — leaves the extractive answer, which is always ready.
"""

from __future__ import annotations

import logging
import re

from django.conf import settings

import httpx

from ..compliance import check_text
from .answer import Answer

logger = logging.getLogger(__name__)

MAX_PHRASED = 400
_NUMBER = re.compile(r"\d+(?:\.\d+)?")
SYSTEM_PROMPT = (
    "你是金融消费者权益保护的问答助手。只能依据用户消息中给出的资料回答，用简体中文，200 字以内，"
    "语气平实。资料里没有的事实、数字、电话和网址一律不要写；资料不足以回答时，直接说“资料中没有答案”。"
    "不要承诺收益，不要推荐具体产品。"
)


def phrasing_configured() -> bool:
    return bool(getattr(settings, "ANSWER_LLM_URL", "") and getattr(settings, "ANSWER_LLM_KEY", ""))


def _endpoint(url: str) -> str:
    url = url.rstrip("/")
    return url if url.endswith("/chat/completions") else f"{url}/chat/completions"


def _prompt(answer: Answer, titles: list[str]) -> str:
    material = "\n".join(f"[{number}]《{title}》：{passage}" for number, (title, passage) in enumerate(zip(titles, answer.passages, strict=False), 1))
    return f"资料：\n{material}\n\n读者的问题：{answer.question}"


def _acceptable(text: str, answer: Answer) -> bool:
    if not text or len(text) > MAX_PHRASED or "资料中没有答案" in text:
        return False
    material = " ".join(answer.passages)
    if any(number not in material for number in _NUMBER.findall(text)):
        return False
    return not any(finding.is_error for finding in check_text(text))


def phrase_answer(answer: Answer) -> Answer:
    """`answer` with its text rephrased by the configured model when that is possible and safe, else unchanged."""
    if not phrasing_configured() or not answer.passages:
        return answer
    body = {
        "model": getattr(settings, "ANSWER_LLM_MODEL", "") or "default",
        "messages": [
            {"role": "system", "content": SYSTEM_PROMPT},
            {"role": "user", "content": _prompt(answer, [source.title for source in answer.sources])},
        ],
        "temperature": 0,
        "max_tokens": 400,
    }
    try:
        response = httpx.post(
            _endpoint(settings.ANSWER_LLM_URL), json=body,
            headers={"Authorization": f"Bearer {settings.ANSWER_LLM_KEY}"},
            timeout=float(getattr(settings, "ANSWER_LLM_TIMEOUT", 3.0)),
        )
        response.raise_for_status()
        text = str(response.json()["choices"][0]["message"]["content"] or "").strip()
    except (httpx.HTTPError, ValueError, KeyError, IndexError, TypeError) as error:
        logger.warning("Answer phrasing failed, the extractive answer is shown: %s", type(error).__name__)
        return answer
    if not _acceptable(text, answer):
        logger.info("Answer phrasing rejected by the checks, the extractive answer is shown")
        return answer
    answer.text = text
    answer.phrased_by_model = True
    return answer
