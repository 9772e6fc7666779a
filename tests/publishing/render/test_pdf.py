"""Printable PDFs: A4, running header and page numbers, embedded fonts, extractable Chinese."""

import re
import subprocess
import zlib
from types import SimpleNamespace

import pypdfium2 as pdfium
import pytest

from publishing.render.document import document_build
from publishing.render.pdf import render_pdf
from publishing.render.themes import theme_get

from .helpers import NO_LINE_START, PUNCTUATED, have, make_case_study, rolled_back

needs_poppler = pytest.mark.skipif(not have("pdftotext"), reason="needs poppler-utils (apt-get install poppler-utils)")

pytestmark = pytest.mark.django_db


@pytest.fixture(scope="module")
def case_pdf(django_db_setup, django_db_blocker, tmp_path_factory):
    from content.factories import build_site_tree

    with rolled_back(django_db_blocker):
        story = "<p>" + PUNCTUATED * 4 + "</p>" + "<p>王女士接到自称快递客服的电话，对方称包裹丢失可以双倍赔偿。</p>" * 30
        page = make_case_study(build_site_tree()["antifraud"], story=story)
        document = document_build(page=page, theme=theme_get("alert-red"), kind="pdf")
        output = render_pdf(document)
        title = page.title
    path = tmp_path_factory.mktemp("pdf") / "case.pdf"
    path.write_bytes(output.primary.data)
    return SimpleNamespace(output=output, path=path, title=title)


def run(*command: str) -> str:
    return subprocess.run(command, capture_output=True, text=True, check=True, timeout=60).stdout  # noqa: S603


def pdf_objects(data: bytes) -> bytes:
    """The PDF's bytes with every Flate stream (object streams included) inflated."""
    inflated = [data]
    for match in re.finditer(rb"stream\r?\n(.*?)endstream", data, re.S):
        try:
            inflated.append(zlib.decompress(match.group(1)))
        except zlib.error:
            continue
    return b"\n".join(inflated)


def test_pdf_is_a4_with_several_pages(case_pdf):
    pdf = pdfium.PdfDocument(case_pdf.output.primary.data)
    try:
        assert len(pdf) >= 2
        width, height = pdf[0].get_size()
        assert (round(width), round(height)) == (595, 842)
    finally:
        pdf.close()


def test_metadata_has_title_author_and_language(case_pdf):
    pdf = pdfium.PdfDocument(case_pdf.output.primary.data)
    try:
        metadata = pdf.get_metadata_dict()
    finally:
        pdf.close()
    assert metadata["Title"] == case_pdf.title
    assert metadata["Author"] == "金融常识"  # the brand, since case studies have no author field
    assert b"/Lang (zh-CN)" in pdf_objects(case_pdf.output.primary.data)


@needs_poppler
def test_text_extracts_as_chinese_with_page_numbers_and_running_header(case_pdf):
    text = run("pdftotext", "-layout", str(case_pdf.path), "-")
    assert "案情经过" in text and "识别要点" in text and "受骗后怎么办" in text
    assert "王女士接到自称快递客服的电话" in text
    pages = ["".join(page.split()) for page in text.split("\f") if page.strip()]
    assert len(pages) >= 2
    for number, page in enumerate(pages, start=1):
        assert f"第{number}页/共{len(pages)}页" in page
    # The running header (brand and title) tops every page but the first.
    assert pages[1].startswith("金融常识·消费者权益保护")
    assert not pages[0].startswith("金融常识·消费者权益保护")


@needs_poppler
def test_fonts_are_embedded(case_pdf):
    fonts = run("pdffonts", str(case_pdf.path)).splitlines()[2:]
    assert fonts
    for line in fonts:
        columns = line.split()
        # name type encoding emb sub uni object ID: "emb" is the fourth column from the end but 2.
        assert columns[-5] == "yes", line


@needs_poppler
def test_no_line_starts_with_closing_punctuation(case_pdf):
    text = run("pdftotext", str(case_pdf.path), "-")
    starts = [line.strip()[0] for line in text.splitlines() if line.strip()]
    assert len(starts) > 40
    assert not [char for char in starts if char in NO_LINE_START]


def test_pdf_output_names_its_size(case_pdf):
    assert case_pdf.output.primary.content_type == "application/pdf"
    assert case_pdf.output.primary.size == len(case_pdf.output.primary.data) > 10_000
    assert case_pdf.output.warnings == []
