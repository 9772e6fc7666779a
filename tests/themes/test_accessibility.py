"""WCAG 2.1 AA on the reader pages: axe-core finds no serious or critical violation on any of them,
in normal and large text, on a phone and on a desktop, and the quiz works with the keyboard alone.

One Chromium run audits every page: each page and mode is a frame of one top page, runs axe-core
(the release ``./scripts/test`` unpacks into the venv, see ``scripts/lib/setup.sh``) itself and
posts its violations to the top page, which writes them all into its DOM.
"""

import datetime
import decimal
import json
import sys
from pathlib import Path

import pytest

from content.factories import (
    ArticlePageFactory,
    BulletinPageFactory,
    CaseStudyPageFactory,
    build_site_tree,
)
from content.models import Hotline
from tests.browser import result_of, run_page, with_local_static
from tests.conftest import running_in_ci

pytestmark = pytest.mark.django_db

AXE_VERSION = "4.14.1"
AXE_JS = Path(sys.prefix) / "share" / "axe-core" / AXE_VERSION / "axe.min.js"

SIZES = {"phone": (390, 844), "desktop": (1280, 900)}

# Runs in each frame: axe-core on the whole page (WCAG 2.0 and 2.1, A and AA), then the serious and
# critical violations, each with the first nodes it names, go to the top page with what OWN_CHECKS found.
FRAME_AUDIT = """<script>
document.addEventListener("DOMContentLoaded", () => setTimeout(() => {
  const report = (result) => parent.postMessage(JSON.stringify(Object.assign({name: window.name}, result)), "*");
  axe.run(document, {runOnly: {type: "tag", values: ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}, resultTypes: ["violations"]})
    .then((found) => report({
      violations: found.violations
        .filter((v) => v.impact === "serious" || v.impact === "critical")
        .map((v) => ({id: v.id, impact: v.impact, nodes: v.nodes.slice(0, 5).map((n) => n.target.join(" ") + ": " + (n.failureSummary || "").slice(0, 240))})),
      own: ownChecks(),
    }))
    .catch((error) => report({error: String(error.stack || error)}));
}, 50));
</script>"""

# What axe-core does not check, measured in the same frame after it:
# - rings: every focusable element shows an outline of 2 px or more that contrasts 3:1 with what is
#   around it and that no ancestor with overflow other than visible clips;
# - text: nothing visible is smaller than 13 px, and the large-text mode makes every text bigger
#   (by the ratio of the root sizes, 21/17);
# - quiz: a choice answered from the keyboard keeps focus, and the result appears in a live region
#   that was on the page, empty, before.
OWN_CHECKS = """<script>
function ownChecks() {
  const problems = [];
  const name = (el) => `${el.tagName.toLowerCase()}.${[...el.classList].join(".")} "${(el.textContent || el.value || "").trim().slice(0, 10)}"`;
  const rgba = (text) => { const m = text.match(/rgba?\\(([^)]+)\\)/); if (!m) return null; const p = m[1].split(",").map(Number); return {r: p[0], g: p[1], b: p[2], a: p.length > 3 ? p[3] : 1}; };
  const over = (top, bottom) => ({r: top.r * top.a + bottom.r * (1 - top.a), g: top.g * top.a + bottom.g * (1 - top.a), b: top.b * top.a + bottom.b * (1 - top.a), a: 1});
  const background = (el) => {  // the colour painted behind el: its own, or its ancestors', composited
    const layers = [];
    for (let node = el; node && node.nodeType === 1; node = node.parentElement) {
      const style = getComputedStyle(node);
      const image = style.backgroundImage.includes("gradient") ? rgba(style.backgroundImage) : null;
      const colour = image || rgba(style.backgroundColor);
      if (colour && colour.a > 0) { layers.push(colour); if (colour.a >= 1) break; }
    }
    return layers.reverse().reduce((below, layer) => over(layer, below), {r: 255, g: 255, b: 255, a: 1});
  };
  const luminance = (c) => [c.r, c.g, c.b].map((v) => v / 255).map((v) => v <= 0.04045 ? v / 12.92 : ((v + 0.055) / 1.055) ** 2.4).reduce((sum, v, i) => sum + v * [0.2126, 0.7152, 0.0722][i], 0);
  const contrast = (a, b) => { const [x, y] = [luminance(a), luminance(b)].sort((p, q) => q - p); return (x + 0.05) / (y + 0.05); };
  const visible = (el) => { const r = el.getBoundingClientRect(); return r.width > 1 && r.height > 1 && getComputedStyle(el).visibility !== "hidden"; };

  for (const el of document.querySelectorAll("a[href], button, input:not([type=hidden]), select, textarea, summary, [tabindex]")) {
    el.focus();
    if (document.activeElement !== el || !visible(el)) continue;
    const style = getComputedStyle(el), width = parseFloat(style.outlineWidth), offset = parseFloat(style.outlineOffset);
    if (style.outlineStyle === "none" || width < 2) { problems.push(`ring: ${name(el)} has no ring of 2px`); continue; }
    const behind = offset < 0 ? background(el) : background(el.parentElement);
    const ratio = contrast(rgba(style.outlineColor), behind);
    if (ratio < 3) problems.push(`ring: ${name(el)} ${ratio.toFixed(2)}:1`);
    const reach = Math.max(0, offset + width), r = el.getBoundingClientRect();
    for (let node = el.parentElement; node && node !== document.body; node = node.parentElement) {
      const ns = getComputedStyle(node);
      if (ns.overflowX === "visible" && ns.overflowY === "visible") continue;
      const box = node.getBoundingClientRect();
      if (r.left - reach < box.left - 0.5 || r.right + reach > box.right + 0.5 || r.top - reach < box.top - 0.5 || r.bottom + reach > box.bottom + 0.5) {
        problems.push(`ring: ${name(el)} clipped by ${name(node).slice(0, 40)}`);
      }
    }
    el.blur();
  }

  const texts = [...document.body.querySelectorAll("*")].filter((el) => [...el.childNodes].some((n) => n.nodeType === 3 && n.textContent.trim()) && visible(el) && !el.closest(".visually-hidden, script, style"));
  const sizes = texts.map((el) => parseFloat(getComputedStyle(el).fontSize));
  texts.forEach((el, i) => { if (sizes[i] < 13) problems.push(`text: ${name(el)} ${sizes[i]}px`); });
  const root = document.documentElement, wasLarge = root.classList.contains("large-text");
  root.classList.add("large-text");
  texts.forEach((el, i) => { const large = parseFloat(getComputedStyle(el).fontSize); if (large < sizes[i] * (wasLarge ? 1 : 1.2)) problems.push(`large text: ${name(el)} ${sizes[i]} -> ${large}px`); });
  if (!wasLarge) root.classList.remove("large-text");

  const quiz = document.querySelector("[data-quiz]");
  if (quiz) {
    const status = quiz.querySelector("[data-quiz-status]");
    const choice = quiz.querySelector(`[data-quiz-choice]:not([data-quiz-choice="${quiz.dataset.answer}"])`);
    if (!status || status.textContent.trim() || !status.matches('[role=status], [aria-live]')) problems.push("quiz: no empty live region before the answer");
    choice.focus();
    choice.click();  // what Enter or Space does on a focused button
    if (document.activeElement !== choice) problems.push(`quiz: focus went to ${name(document.activeElement)}`);
    if (status && !status.isConnected) problems.push("quiz: the live region was replaced");
    if (status && !/答错了，正确答案是/.test(status.textContent)) problems.push(`quiz: announced "${status && status.textContent}"`);
    if (choice.disabled || choice.getAttribute("aria-pressed") !== "true") problems.push("quiz: the picked choice is disabled or not pressed");
    quiz.querySelector(`[data-quiz-choice="${quiz.dataset.answer}"]`).click();
    if (status && !/答错了/.test(status.textContent)) problems.push("quiz: a second answer changed the result");
  }
  return problems;
}
</script>"""

TOP = """<!doctype html><html lang="en"><head><title>audit</title></head><body><script>
const expected = %d, results = {};
addEventListener("message", (event) => {
  const result = JSON.parse(event.data);
  results[result.name] = result;
  if (Object.keys(results).length === expected) document.body.dataset.result = JSON.stringify(results);
});
</script>%s</body></html>"""


def axe_script() -> str:
    """The <script> tag that loads axe-core from the venv; fails under CI and skips elsewhere when it is missing."""
    if not AXE_JS.is_file():
        message = f"needs axe-core {AXE_VERSION} at {AXE_JS} (./scripts/test fetches it)"
        if running_in_ci():
            pytest.fail(message, pytrace=False)
        pytest.skip(message)
    return f'<script src="{AXE_JS.as_uri()}"></script>'


def audit(pages: dict[str, str], *, sizes=SIZES) -> dict:
    """axe-core's serious and critical violations and OWN_CHECKS' problems of every page ({name: html})
    in normal and large text at each size, by "name size text"; a clean page maps to []."""
    files, frames = {}, []
    for name, html in pages.items():
        page = with_local_static(html).replace("</body>", axe_script() + OWN_CHECKS + FRAME_AUDIT + "</body>")
        for text in ("normal", "large"):
            file = f"{name}-{text}.html"
            files[file] = page if text == "normal" else page.replace('class="no-js"', 'class="no-js large-text"', 1)
            for size, (width, height) in sizes.items():
                frames.append(f'<iframe name="{name} {size} {text}" src="{file}" width="{width}" height="{height}"></iframe>')
    top = TOP % (len(frames), "".join(frames))
    results = result_of(run_page(top, budget_ms=60000, width=1400, height=1000, files=files))
    assert not [r for r in results.values() if "error" in r], results
    return {name: result["violations"] + result["own"] for name, result in results.items()}


@pytest.fixture
def reader_pages(client):
    """The HTML of the home page, the four columns, an article with a quiz, a case study, a bulletin,
    search results, an answer of 7×24 问答, the 消保专线 form and the 404 page, by name."""
    tree = build_site_tree()
    hotline = Hotline.objects.order_by("sort_order", "pk").first()
    article = ArticlePageFactory(parent=tree["credit"], title="个人征信报告怎么查", body__3="table")
    case = CaseStudyPageFactory(parent=tree["antifraud"], loss_amount=decimal.Decimal("38000"))
    bulletin = BulletinPageFactory(
        parent=tree["antifraud"], issue_number=3, week_start=datetime.date(2025, 4, 7), week_end=datetime.date(2025, 4, 13),
        body=[("hotline", {"hotline": hotline, "note": ""})],
    )
    for index in range(13):  # a column with a pager (a disabled 上一页 on its first page)
        ArticlePageFactory(parent=tree["credit"], title=f"征信常识 {index}")
    urls = {
        "home": tree["home"].url,
        **{key: tree[key].url for key in ("credit", "loans", "aml", "antifraud")},
        "article": article.url,
        "case": case.url,
        "bulletin": bulletin.url,
        "search": "/search/?q=征信",
        "ask": "/ask/?q=征信报告怎么查",
        "desk": "/xiaobao/",
        "404": "/no-such-page/",
    }
    return {name: client.get(url).content.decode() for name, url in urls.items()}


def test_axe_finds_no_serious_violation_on_any_reader_page(reader_pages):
    assert 'class="pagination"' in reader_pages["credit"]
    assert "data-quiz" in reader_pages["article"]
    results = audit(reader_pages)
    assert len(results) == len(reader_pages) * 2 * len(SIZES)
    assert {name: found for name, found in results.items() if found} == {}, json.dumps(results, ensure_ascii=False, indent=1)
