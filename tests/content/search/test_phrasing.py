"""Tests for content/search/phrasing.py against a fake OpenAI-compatible endpoint on 127.0.0.1 (port 0)."""

import json
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import pytest

from core.redaction import redact

pytestmark = pytest.mark.django_db


class FakeModel:
    """A chat-completions server whose reply, delay and status the test sets."""

    def __init__(self):
        self.reply, self.delay, self.status, self.requests = "", 0.0, 200, []
        self.raw: bytes | None = None  # sent as the body instead of a chat-completions reply
        self.drip = 0.0  # seconds between 16-byte pieces of the body
        fake = self

        class Handler(BaseHTTPRequestHandler):
            def do_POST(self):  # noqa: N802
                body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
                fake.requests.append({"path": self.path, "auth": self.headers.get("Authorization"), "body": body})
                time.sleep(fake.delay)
                payload = fake.raw if fake.raw is not None else json.dumps(
                    {"choices": [{"message": {"role": "assistant", "content": fake.reply}}]}
                ).encode()
                self.send_response(fake.status)
                self.send_header("Content-Type", "application/json")
                self.send_header("Content-Length", str(len(payload)))
                self.end_headers()
                try:
                    for start in range(0, len(payload), 16 if fake.drip else len(payload) or 1):
                        self.wfile.write(payload[start : start + (16 if fake.drip else len(payload))])
                        self.wfile.flush()
                        time.sleep(fake.drip)
                except (BrokenPipeError, ConnectionResetError):
                    pass

            def log_message(self, *args):
                pass

        self.server = ThreadingHTTPServer(("127.0.0.1", 0), Handler)
        self.url = f"http://127.0.0.1:{self.server.server_address[1]}/v1"
        threading.Thread(target=self.server.serve_forever, daemon=True).start()

    def close(self):
        self.server.shutdown()
        self.server.server_close()


@pytest.fixture
def model(settings, empty_cache):
    fake = FakeModel()
    settings.ANSWER_LLM_URL = fake.url
    settings.ANSWER_LLM_KEY = "sk-test-secret-key-123"
    settings.ANSWER_LLM_TIMEOUT = 0.5
    yield fake
    fake.close()


def ask(client, question="借一万只到手八千合法吗"):
    return client.get("/api/ask/", {"q": question}).json()


def test_the_model_phrases_from_the_passages_with_the_sources(client, library, model):
    model.reply = "先从本金里扣掉利息的做法叫砍头息，不受法律保护。"
    data = ask(client)
    assert data["answer"] == model.reply and data["phrased"] is True
    assert data["sources"][0]["title"] == library["upfront"].title
    request = model.requests[0]
    assert request["path"] == "/v1/chat/completions" and request["auth"] == "Bearer sk-test-secret-key-123"
    prompt = request["body"]["messages"][1]["content"]
    assert "借一万只到手八千合法吗" in prompt and library["upfront"].title in prompt


def test_a_number_not_in_the_passages_falls_back_to_the_extract(client, library, model):
    model.reply = "砍头息违法，可以要求退还 3000 元。"
    data = ask(client)
    assert data["phrased"] is False and data["answer"] != model.reply


@pytest.mark.parametrize(
    "reply",
    ["放心借，本产品保本保息，稳赚不赔。", "借 1 万只到手 8 千属于砍头息，利息不得预先从本金中扣除。"],
)
def test_a_reply_the_compliance_rules_reject_falls_back(client, library, model, reply):
    """Guaranteed returns, and a loan amount without its annual rate (disclosure.loan_apr), are errors."""
    model.reply = reply
    assert ask(client)["phrased"] is False


@pytest.mark.parametrize(("status", "delay", "reply"), [(500, 0, "x"), (200, 1.5, "借款要看合同"), (200, 0, "")])
def test_errors_and_timeouts_fall_back(client, library, model, status, delay, reply, caplog):
    model.status, model.delay, model.reply = status, delay, reply
    started = time.perf_counter()
    data = ask(client)
    assert data["phrased"] is False and data["sources"]
    assert time.perf_counter() - started < 1.4
    assert "sk-test-secret-key-123" not in caplog.text


def test_a_reply_dripped_slower_than_the_timeout_in_all_falls_back(client, library, model):
    """Each piece comes within the read timeout, the whole reply does not."""
    model.reply, model.drip = "先从本金里扣掉利息的做法叫砍头息，不受法律保护。" * 3, 0.1
    started = time.perf_counter()
    assert ask(client)["phrased"] is False
    assert time.perf_counter() - started < 1.5


@pytest.mark.parametrize(
    "raw",
    [b"not json", b'{"choices": []}', b'{"choices": [{"message": {"content": null}}]}',
     b'{"choices": [{"message": {"content": ["x"]}}]}', b'{"pad": "' + b"x" * 70_000 + b'"}'],
)
def test_odd_replies_fall_back(client, library, model, raw):
    model.raw = raw
    data = ask(client)
    assert data["phrased"] is False and data["sources"]


def test_a_link_not_in_the_passages_falls_back(client, library, model):
    model.reply = "砍头息不受法律保护，详见 www.example.com。"
    assert ask(client)["phrased"] is False


def test_no_passage_no_model_call(client, library, model):
    ask(client, "比特币明年会涨吗")
    assert model.requests == []


def test_the_key_is_a_secret_the_redactor_masks(settings):
    settings.ANSWER_LLM_KEY = "sk-test-secret-key-456"
    assert "ANSWER_LLM_KEY" in settings.SECRET_SETTINGS
    assert "sk-test-secret-key-456" not in redact("calling with sk-test-secret-key-456")
