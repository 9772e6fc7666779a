"""gunicorn.conf.py: each worker builds its search index right after the fork, in the background."""

import importlib.util
from pathlib import Path

import pytest

from content.search.index import current_index
from tests.content.search.conftest import article

pytestmark = pytest.mark.django_db


def gunicorn_config():
    path = Path(__file__).resolve().parents[2] / "gunicorn.conf.py"
    spec = importlib.util.spec_from_file_location("gunicorn_conf_under_test", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_warm_up_reads_the_index_from_the_table(site_tree, monkeypatch):
    from django.db import connection

    page = article(site_tree["loans"], title="砍头息", text="借款利息不得预先扣除。")
    config = gunicorn_config()
    index = current_index()
    with index.lock:
        index.reset()
    monkeypatch.setattr(connection, "close", lambda: None)  # the test's connection holds its transaction
    config._warm_search_index()
    assert page.pk in index.documents


def test_the_warm_up_can_be_switched_off(monkeypatch):
    config = gunicorn_config()
    started = []
    monkeypatch.setenv("SEARCH_NO_WARM_UP", "1")
    monkeypatch.setattr(config.threading, "Thread", lambda **kwargs: started.append(kwargs))
    config.post_fork(None, None)
    assert started == []
    monkeypatch.delenv("SEARCH_NO_WARM_UP")
    monkeypatch.setattr(config.threading, "Thread", lambda **kwargs: started.append(kwargs) or type("T", (), {"start": lambda self: None})())
    config.post_fork(None, None)
    assert started and started[0]["name"] == "search-warm-up"
