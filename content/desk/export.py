"""The export for regulators: requests as CSV or XLSX rows, masked unless explicitly asked and allowed.

`export_rows(queryset, unmasked=False)` yields the header and one row per request. Cells that a
spreadsheet would run as a formula (starting with =, +, -, @, tab or CR) get a leading
apostrophe: readers' text is untrusted. `export_csv` streams; `export_xlsx` writes with
openpyxl's write-only workbook, so memory stays flat for 100,000 rows.
"""

from __future__ import annotations

import csv
import io
import tempfile
from collections.abc import Iterable, Iterator

from openpyxl import Workbook

from . import deadlines
from .masking import mask_name, mask_phone, mask_text
from .models import DeskRequest
from .rules import category_name

HEADER = ["受理编号", "类型", "来源", "分类", "状态", "紧急", "受理时间", "办理期限", "复杂案件", "按期办理", "答复时间", "办结时间", "称呼", "手机号", "内容", "个人信息已删除"]
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def _safe(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(FORMULA_STARTS) else text


def _when(moment) -> str:
    return moment.astimezone(deadlines.SHANGHAI).strftime("%Y-%m-%d %H:%M") if moment else ""


def export_rows(queryset, *, unmasked: bool = False) -> Iterator[list[str]]:
    """The header, then one row of text cells per request of `queryset`."""
    yield HEADER
    for desk_request in queryset.select_related(None).iterator(chunk_size=2000):
        met = deadlines.met(desk_request.due_date, desk_request.answered_at)
        name, phone, text = desk_request.name, desk_request.phone, desk_request.text
        if not unmasked:
            name, phone, text = mask_name(name), mask_phone(phone), mask_text(text)
        yield [
            _safe(cell)
            for cell in (
                desk_request.number,
                desk_request.get_kind_display(),
                desk_request.get_channel_display(),
                category_name(desk_request.category),
                desk_request.get_status_display(),
                "是" if desk_request.urgent else "否",
                _when(desk_request.received_at),
                desk_request.due_date.isoformat(),
                "是" if desk_request.is_complex else "否",
                {True: "是", False: "否", None: "未答复"}[met],
                _when(desk_request.answered_at),
                _when(desk_request.closed_at),
                name,
                phone,
                text,
                "是" if desk_request.erased_at else "否",
            )
        ]


class _Echo:
    def write(self, value):
        return value


def export_csv(rows: Iterable[list[str]]) -> Iterator[str]:
    """CSV lines (UTF-8 with a BOM first, so that Excel reads the Chinese)."""
    writer = csv.writer(_Echo())
    yield "\ufeff"
    for row in rows:
        yield writer.writerow(row)


def export_xlsx(rows: Iterable[list[str]]) -> io.BufferedRandom:
    """An XLSX workbook of `rows` in a temporary file, rewound for reading."""
    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("诉求")
    for row in rows:
        sheet.append(row)
    handle = tempfile.TemporaryFile()  # noqa: SIM115 - handed to the response, which closes it
    workbook.save(handle)
    handle.seek(0)
    return handle


def export_queryset() -> DeskRequest:
    return DeskRequest.objects.order_by("received_at", "pk")
