"""Optional: a language model rephrases the extractive answer, only from the retrieved passages.

Off unless the operator sets ANSWER_LLM_URL (an OpenAI-compatible chat-completions endpoint,
or its base URL ending in /v1) and ANSWER_LLM_KEY (a secret: masked by core/redaction). The
model sees the question and the passages with their titles, and is told to answer only from
them. What it returns is shown only when it passes every check: not empty and short, every
number and web address in it found in the passages (a model that adds a figure or a link is
inventing), the whole reply read within the timeout and 64 KB, and no
error-level finding of the compliance rules (content/compliance). Any failure — timeout,
HTTP error, bad JSON, a failed check — leaves the extractive answer, which is always ready.
"""

from __future__ import annotations

import json
import logging
import re
import time

from django.conf import settings

import httpx

from ..compliance import check_text
from .answer import Answer

logger = logging.getLogger(__name__)

MAX_PHRASED = 400
MAX_RESPONSE_BYTES = 64 * 1024
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
    if any(marker in text.lower() and marker not in material.lower() for marker in ("http", "www.", ".com", ".cn")):
        return False
    return not any(finding.is_error for finding in check_text(text))


class PhrasingFailed(Exception):
    """The model's answer took too long or was too big to read."""


def _call(body: dict) -> str:
    """The model's reply to `body`, read within ANSWER_LLM_TIMEOUT in all (not per read) and MAX_RESPONSE_BYTES."""
    timeout = float(getattr(settings, "ANSWER_LLM_TIMEOUT", 3.0))
    deadline = time.monotonic() + timeout
    with httpx.Client(timeout=timeout, follow_redirects=False) as client, client.stream(
        "POST", _endpoint(settings.ANSWER_LLM_URL), json=body,
        headers={"Authorization": f"Bearer {settings.ANSWER_LLM_KEY}"},
    ) as response:
        response.raise_for_status()
        received = bytearray()
        for chunk in response.iter_bytes():
            received += chunk
            if len(received) > MAX_RESPONSE_BYTES or time.monotonic() > deadline:
                raise PhrasingFailed("the reply was too slow or too big")
    message = json.loads(bytes(received))["choices"][0]["message"]["content"]
    return message.strip() if isinstance(message, str) else ""


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
        text = _call(body)
    except (httpx.HTTPError, PhrasingFailed, ValueError, KeyError, IndexError, TypeError, AttributeError) as error:
        logger.warning("Answer phrasing failed, the extractive answer is shown: %s", type(error).__name__)
        return answer
    if not _acceptable(text, answer):
        logger.info("Answer phrasing rejected by the checks, the extractive answer is shown")
        return answer
    answer.text = text
    answer.phrased_by_model = True
    return answer
