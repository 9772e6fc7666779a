"""`manage.py render`: files written, one JSON object per file, --all with a progress bar."""

import io
import json

from django.core.management import call_command
from django.core.management.base import CommandError

import pytest

from tests.publishing.render.helpers import make_bulletin, make_case_study


@pytest.fixture
def pages(site_tree, settings):
    settings.RENDER_ON_PUBLISH = False
    return make_bulletin(site_tree["antifraud"]), make_case_study(site_tree["credit"])


def run(*args):
    out, err = io.StringIO(), io.StringIO()
    call_command("render", *args, stdout=out, stderr=err)
    lines = [line for line in out.getvalue().splitlines() if line.startswith("{")]
    return [json.loads(line) for line in lines], err.getvalue()


def test_html_format_writes_the_exact_document(pages, tmp_path):
    bulletin, _case = pages
    records, _ = run(str(bulletin.pk), "--format", "html", "--out", str(tmp_path))
    assert len(records) == 1
    path = tmp_path / records[0]["path"].rsplit("/", 1)[-1]
    html = path.read_text(encoding="utf-8")
    assert html.startswith("<!DOCTYPE html>") and "防范电信网络诈骗周报" in html
    assert records[0]["format"] == "html" and records[0]["bytes"] == path.stat().st_size


def test_pdf_by_url_path_with_a_theme(pages, tmp_path):
    _bulletin, case = pages
    records, _ = run(case.url_path.replace("/home", "", 1), "--format", "pdf", "--theme", "alert-red",
                     "--out", str(tmp_path))
    assert [record["format"] for record in records] == ["pdf"]
    record = records[0]
    assert record["theme"] == "alert-red" and record["width"] == 595 and record["height"] == 842
    assert (tmp_path / record["path"].rsplit("/", 1)[-1]).read_bytes().startswith(b"%PDF")
    assert set(record) >= {"path", "format", "bytes", "width", "height", "seconds"}


def test_poster_writes_every_file(pages, tmp_path):
    bulletin, _case = pages
    records, _ = run(str(bulletin.pk), "--out", str(tmp_path))
    names = [record["path"].rsplit("/", 1)[-1] for record in records]
    assert names[0].endswith("poster.jpg") and any("slice-01" in name for name in names)
    assert any(name.endswith("thumbnail.jpg") for name in names)
    assert all((tmp_path / name).stat().st_size == record["bytes"] for name, record in zip(names, records, strict=True))


def test_all_pages_with_a_progress_bar(pages, tmp_path):
    records, err = run("--all", "--format", "pdf", "--out", str(tmp_path))
    assert len(records) == 2
    assert "[" in err and "2/2" in err


def test_unknown_page_and_bad_theme_are_errors(pages, tmp_path):
    with pytest.raises(CommandError, match="找不到页面"):
        run("/no/such/page/", "--out", str(tmp_path))
    with pytest.raises(CommandError, match="海报主题“nope”不存在"):
        run(str(pages[0].pk), "--theme", "nope", "--out", str(tmp_path))
