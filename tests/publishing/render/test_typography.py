"""Amounts stay on one line with their units in posters and PDFs (content/typography.py applied)."""

import re

import pytest

from content.typography import UNITS
from publishing.render.document import document_build
from publishing.render.layout import layout_render
from publishing.render.themes import theme_get

from .helpers import make_case_study

JOINER = "\u2060"


@pytest.mark.django_db
@pytest.mark.parametrize("kind", ["poster", "pdf"])
def test_no_line_starts_with_the_unit_of_an_amount_on_the_line_before(tree, kind):
    from weasyprint.formatting_structure import boxes

    amounts = "损失 52.6 万元，又借了 2.3 万元，前后 15 天，转账 8 笔" * 6
    page = make_case_study(tree["antifraud"], title="网恋三个月，“男友”带她投资，损失 52.6 万元",
                           story=f"<p>{amounts}</p>" * 4)
    rendered = layout_render(document_build(page=page, theme=theme_get("alert-red"), kind=kind))
    lines = []
    for page_ in rendered.pages:
        for line in page_._page_box.descendants():
            if isinstance(line, boxes.LineBox):
                text = "".join(box.text for box in line.descendants() if isinstance(box, boxes.TextBox))
                text = text.replace(JOINER, "").strip()
                if text:
                    lines.append(text)
    assert len(lines) > 30
    split = [
        (before, after) for before, after in zip(lines, lines[1:], strict=False)
        if (re.search(r"\d$", before) and after[0] in UNITS) or (before.endswith("万") and after.startswith("元"))
    ]
    assert split == []
