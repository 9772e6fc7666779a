"""`manage.py lint_copy`: check plain text (a file or standard input) against the compliance rules."""

import json
import sys
from pathlib import Path

from django.core.management.base import BaseCommand, CommandError

from content.compliance import RuleSetError, check_text, default_rules, load_rules
from content.compliance.rules import CONTEXTS
from content.models.pages import COLUMN_CHOICES


def line_column(text: str, offset: int) -> tuple[int, int]:
    """The 1-based line and column (in characters) of a character offset in `text`."""
    line = text.count("\n", 0, offset) + 1
    column = offset - (text.rfind("\n", 0, offset) + 1) + 1
    return line, column


def _decode(data: bytes, name: str) -> str:
    try:
        return data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        raise CommandError(
            f"{name}不是 UTF-8 编码的文本（第 {error.start + 1} 个字节处无法解码）。"
            "请先另存为 UTF-8，例如：iconv -f GBK -t UTF-8 原文件 > 新文件"
        ) from error


class Command(BaseCommand):
    help = (
        "用合规规则检查一段纯文本（文件，或用 - 表示标准输入），列出命中的规则、位置和修改建议。"
        "有“错误”级别的问题时退出码为 1，否则为 0。"
    )

    def add_arguments(self, parser):
        parser.add_argument(
            "file", nargs="?", default="-", help="要检查的 UTF-8 文本文件；- 或省略表示标准输入"
        )
        parser.add_argument(
            "--format",
            choices=["text", "json"],
            default="text",
            help="text：每条一行，带行号:列号（默认）；json：结果列表，供程序读取",
        )
        parser.add_argument(
            "--context",
            choices=CONTEXTS,
            default="body",
            help="文字所在位置：body 正文（默认）、title 标题、summary 摘要、quote 转述场合（问答选项、案情经过）",
        )
        parser.add_argument(
            "--column",
            choices=[key for key, _label in COLUMN_CHOICES],
            help="文字将发布在哪个栏目（credit 征信、loans 信贷、aml 反洗钱、antifraud 反诈骗）；"
            "反洗钱和反诈骗栏目描述骗局时不要求年化利率和风险提示，省略时按最严格的方式检查",
        )
        parser.add_argument(
            "--rules", help="改用这个规则文件（用来试验改过的规则），默认用平台当前的规则"
        )

    def handle(self, *args, **options):
        text = self.read_input(options["file"])
        try:
            rules = load_rules(options["rules"]) if options["rules"] else default_rules()
        except RuleSetError as error:
            raise CommandError(str(error)) from error
        findings = check_text(text, context=options["context"], rules=rules, column=options["column"])

        if options["format"] == "json":
            items = []
            for finding in findings:
                line, column = line_column(text, finding.start)
                items.append({**finding.as_dict(), "line": line, "column": column})
            self.stdout.write(json.dumps(items, ensure_ascii=False, indent=2))
        else:
            self.write_text_report(text, findings)

        if any(finding.is_error for finding in findings):
            self.stdout.flush()
            raise SystemExit(1)

    def read_input(self, name: str) -> str:
        if name == "-":
            stream = getattr(sys.stdin, "buffer", None)
            if stream is None:
                return sys.stdin.read()
            return _decode(stream.read(), "标准输入")
        path = Path(name)
        try:
            data = path.read_bytes()
        except FileNotFoundError as error:
            raise CommandError(f"找不到文件 {name}。") from error
        except PermissionError as error:
            raise CommandError(f"没有权限读取文件 {name}。") from error
        except IsADirectoryError as error:
            raise CommandError(f"{name} 是一个目录，请给出文本文件。") from error
        except OSError as error:
            raise CommandError(f"无法读取文件 {name}：{error.strerror or error}。") from error
        return _decode(data, f"文件 {name} ")

    def write_text_report(self, text, findings):
        for finding in findings:
            line, column = line_column(text, finding.start)
            style = self.style.ERROR if finding.is_error else self.style.WARNING
            self.stdout.write(
                f"{line}:{column} "
                + style(f"[{finding.severity}]")
                + f" {finding.rule_id}（{finding.category}）「{finding.text}」{finding.message}"
            )
        errors = sum(1 for finding in findings if finding.is_error)
        if not findings:
            self.stdout.write(self.style.SUCCESS("未发现问题。"))
        else:
            summary = f"共 {len(findings)} 条：错误 {errors} 条，提醒 {len(findings) - errors} 条。"
            self.stdout.write(self.style.ERROR(summary) if errors else self.style.WARNING(summary))
