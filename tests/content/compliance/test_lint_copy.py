"""Tests for content/management/commands/lint_copy.py: checking text from a file or standard input."""

import io
import json
import os
import subprocess
import sys
from pathlib import Path

from django.conf import settings
from django.core.management import CommandError, call_command

import pytest

from content.management.commands.lint_copy import line_column

CLEAN = "查询个人信用报告，每年有两次免费机会。\n"
WARNINGS_ONLY = "拨打96110咨询。\n"
WITH_ERROR = "欢迎了解。\n本产品保本保息，详询客服。投资有风险，理财需谨慎。\n"


def run(*args, stdin: bytes | None = None, monkeypatch=None) -> tuple[int, str]:
    """Run the command in-process; give (exit status, standard output)."""
    if stdin is not None:
        monkeypatch.setattr(sys, "stdin", io.TextIOWrapper(io.BytesIO(stdin), encoding="utf-8"))
    out = io.StringIO()
    try:
        call_command("lint_copy", *args, stdout=out)
    except SystemExit as exit_:
        return exit_.code, out.getvalue()
    return 0, out.getvalue()


@pytest.fixture
def text_file(tmp_path):
    def write(text: str, name="copy.txt") -> str:
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        return str(path)

    return write


class TestExitStatus:
    def test_clean_text(self, text_file):
        status, output = run(text_file(CLEAN))
        assert status == 0
        assert "未发现问题" in output

    def test_warnings_only(self, text_file):
        status, output = run(text_file(WARNINGS_ONLY))
        assert status == 0
        assert "[提醒] typography.spacing" in output

    def test_an_error_finding(self, text_file):
        status, output = run(text_file(WITH_ERROR))
        assert status == 1
        assert "错误 1 条" in output


class TestTextFormat:
    def test_one_line_per_finding_with_line_and_column(self, text_file):
        _status, output = run(text_file(WITH_ERROR))
        first = output.splitlines()[0]
        assert first.startswith("2:4 [错误] returns.guaranteed（承诺收益）「保本保息」")
        assert "投资有风险" in first

    def test_line_column(self):
        text = "第一行\n第二行保本"
        assert line_column(text, 0) == (1, 1)
        assert line_column(text, text.index("保本")) == (2, 4)


class TestJsonFormat:
    def test_findings_list(self, text_file):
        status, output = run(text_file(WITH_ERROR), "--format", "json")
        assert status == 1
        (item,) = json.loads(output)
        assert item == {
            "rule": "returns.guaranteed",
            "category": "承诺收益",
            "severity": "错误",
            "start": 9,
            "end": 13,
            "text": "保本保息",
            "message": item["message"],
            "line": 2,
            "column": 4,
        }
        assert WITH_ERROR[item["start"] : item["end"]] == "保本保息"

    def test_empty_list_when_clean(self, text_file):
        assert run(text_file(CLEAN), "--format", "json") == (0, "[]\n")


class TestStandardInput:
    def test_dash_reads_standard_input(self, monkeypatch):
        status, output = run(
            "-", "--format", "json", stdin=WITH_ERROR.encode(), monkeypatch=monkeypatch
        )
        assert status == 1
        assert [item["rule"] for item in json.loads(output)] == ["returns.guaranteed"]

    def test_no_argument_reads_standard_input(self, monkeypatch):
        assert run(stdin=CLEAN.encode(), monkeypatch=monkeypatch)[0] == 0

    def test_context_option(self, monkeypatch):
        status, output = run(
            "--context",
            "quote",
            "--format",
            "json",
            stdin="稳赚不赔".encode(),
            monkeypatch=monkeypatch,
        )
        assert (status, json.loads(output)) == (0, [])

    def test_non_utf8_input(self, monkeypatch):
        with pytest.raises(CommandError, match="标准输入不是 UTF-8"):
            run("-", stdin="保本".encode("gbk"), monkeypatch=monkeypatch)

    def test_byte_order_mark_does_not_shift_offsets(self, monkeypatch):
        _status, output = run(
            "--format", "json", stdin="\ufeff保本。投资有风险".encode(), monkeypatch=monkeypatch
        )
        assert json.loads(output)[0]["start"] == 0


class TestBadInput:
    def test_missing_file(self, tmp_path):
        with pytest.raises(CommandError, match="找不到文件"):
            run(str(tmp_path / "missing.txt"))

    def test_directory(self, tmp_path):
        with pytest.raises(CommandError, match="是一个目录"):
            run(str(tmp_path))

    def test_unreadable_file(self, text_file, monkeypatch):
        path = text_file(CLEAN)

        def refuse(self):
            raise PermissionError(13, "Permission denied", str(self))

        monkeypatch.setattr(Path, "read_bytes", refuse)
        with pytest.raises(CommandError, match="没有权限读取文件"):
            run(path)

    def test_non_utf8_file(self, tmp_path):
        path = tmp_path / "gbk.txt"
        path.write_bytes("本产品保本".encode("gbk"))
        with pytest.raises(CommandError, match="不是 UTF-8 编码的文本（第 1 个字节处无法解码）"):
            run(str(path))

    def test_broken_rules_file(self, text_file):
        rules = text_file("version = 1\n[quoting\n", name="rules.toml")
        with pytest.raises(CommandError, match="合规规则文件有误"):
            run(text_file(CLEAN), "--rules", rules)


def test_exit_status_from_a_real_process():
    """The shell sees status 1 for an error and 0 otherwise, with the whole report written."""
    env = {**os.environ, "DJANGO_SETTINGS_MODULE": "cms.settings.test"}
    command = [sys.executable, "manage.py", "lint_copy", "-", "--format", "json"]
    failing = subprocess.run(  # noqa: S603 - fixed arguments
        command,
        input=WITH_ERROR.encode(),
        capture_output=True,
        cwd=settings.BASE_DIR,
        env=env,
        check=False,
    )
    assert failing.returncode == 1, failing.stderr.decode()
    assert json.loads(failing.stdout)[0]["rule"] == "returns.guaranteed"
    passing = subprocess.run(  # noqa: S603 - fixed arguments
        command,
        input=WARNINGS_ONLY.encode(),
        capture_output=True,
        cwd=settings.BASE_DIR,
        env=env,
        check=False,
    )
    assert passing.returncode == 0, passing.stderr.decode()
    assert json.loads(passing.stdout)[0]["severity"] == "提醒"


def test_column_option_lets_anti_fraud_copy_describe_a_scams_bait(text_file):
    scam = text_file("骗子在群里晒收益，诱导受害人下载 App 投资。\n")
    status, out = run(scam)
    assert status == 1 and "disclosure.investment_risk" in out
    status, out = run(scam, "--column", "antifraud")
    assert status == 0, out
    status, out = run(scam, "--column", "credit")
    assert status == 1 and "disclosure.investment_risk" in out
