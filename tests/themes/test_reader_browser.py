"""Reader pages in a phone-sized browser: every tap target is at least 44 × 44 CSS pixels, and
the header's call button and column links are where readers look for them."""

import datetime
import decimal

import pytest

from content.factories import (
    ArticlePageFactory,
    BulletinPageFactory,
    CaseStudyPageFactory,
    build_site_tree,
)
from content.models import Hotline
from tests.browser import result_of, run_page, with_local_static

pytestmark = pytest.mark.django_db

AUDIT = """<script>
document.addEventListener("DOMContentLoaded", () => setTimeout(() => {
  const small = [];
  for (const el of document.querySelectorAll('a[href], button, input:not([type=hidden]), select, textarea, summary')) {
    // A radio button or checkbox is tapped through the label around it.
    const target = (el.matches("input[type=radio], input[type=checkbox]") && el.closest("label")) || el;
    const r = target.getBoundingClientRect();
    if (!r.width || !r.height || getComputedStyle(el).visibility === "hidden") continue;
    // Links inside running text are exempt (WCAG 2.5.8, "inline").
    if (el.tagName === "A" && el.closest(".prose p, .prose li, .richtext, .case-section__body, .lead, .alert-box__text, .tip-box__text")) continue;
    if (r.width < 44 || r.height < 44) small.push(`${el.tagName}.${el.className} "${el.textContent.trim().slice(0, 12)}" ${Math.round(r.width)}x${Math.round(r.height)}`);
  }
  document.body.dataset.result = JSON.stringify(small);
}, 300));
</script>"""


@pytest.fixture
def pages():
    tree = build_site_tree()
    hotlines = list(Hotline.objects.order_by("sort_order", "pk"))
    return {
        "home": tree["home"],
        "column": tree["credit"],
        "article": ArticlePageFactory(parent=tree["credit"], body__3="table"),
        "case": CaseStudyPageFactory(parent=tree["antifraud"], loss_amount=decimal.Decimal("38000")),
        "bulletin": BulletinPageFactory(
            parent=tree["antifraud"], issue_number=3, week_start=datetime.date(2025, 4, 7), week_end=datetime.date(2025, 4, 13),
            body=[("hotline", {"hotline": hotlines[0], "note": ""})],
        ),
    }


@pytest.mark.parametrize("name", ["home", "column", "article", "case", "bulletin"])
def test_every_tap_target_is_at_least_44_pixels_on_a_phone(client, pages, name):
    if name == "column":  # enough pieces for the pager
        for index in range(13):
            ArticlePageFactory(parent=pages["column"], title=f"文章 {index}")
    html = client.get(pages[name].url).content.decode()
    assert name != "column" or 'class="pagination"' in html
    small = result_of(run_page(with_local_static(html).replace("</body>", AUDIT + "</body>"), width=390, height=844))
    assert small == []


def test_the_search_the_desk_and_404_pages_too(client, pages):
    for url in ("/search/?q=征信", "/no-such-page/", "/xiaobao/", "/xiaobao/status/"):
        html = client.get(url).content.decode()
        small = result_of(run_page(with_local_static(html).replace("</body>", AUDIT + "</body>"), width=390, height=844))
        assert small == [], url


def test_the_header_calls_the_company_line_and_96110_on_anti_fraud_pages(client, pages):
    credit = client.get(pages["article"].url).content.decode()
    antifraud = client.get(pages["case"].url).content.decode()
    header = lambda html: html[html.index('<header class="site-header"'):html.index("</header>")]  # noqa: E731
    assert 'class="site-header__call" href="tel:4008200000"' in header(credit)
    assert "消保专线" in header(credit)
    assert 'class="site-header__call" href="tel:96110"' in header(antifraud)
    assert 'aria-label="拨打反诈专线 96110（全国反诈预警劝阻专线）"' in header(antifraud)


def test_on_a_desktop_the_four_columns_are_in_the_header_one_click_away(client, pages):
    html = client.get(pages["case"].url).content.decode()
    nav_script = """<script>
    document.addEventListener("DOMContentLoaded", () => setTimeout(() => {
      const links = [...document.querySelectorAll(".site-nav a")].filter(a => a.getBoundingClientRect().width > 0);
      document.body.dataset.result = JSON.stringify({
        links: links.map(a => [a.textContent, a.getAttribute("href"), a.getAttribute("aria-current")]),
        oneLine: new Set(links.map(a => Math.round(a.getBoundingClientRect().top))).size === 1,
      });
    }, 300));
    </script>"""
    page = with_local_static(html).replace("</body>", nav_script + "</body>")
    desktop = result_of(run_page(page, width=1280, height=900))
    assert [text for text, _href, _current in desktop["links"]] == ["征信", "信贷", "反洗钱", "反诈骗"]
    assert desktop["oneLine"]
    assert [current for _text, _href, current in desktop["links"]] == [None, None, None, "true"]
    phone = result_of(run_page(page, width=390, height=844))
    assert phone["links"] == []  # a phone reaches the columns from the home page
