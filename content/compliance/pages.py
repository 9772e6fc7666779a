"""Check a whole page: every text field and block, with each finding located for the editor."""

import re
from dataclasses import dataclass

from wagtail.models import Page

from .engine import Finding, check_segments
from .extract import page_segments
from .loading import default_rules
from .rules import RuleSet

EXCERPT_CHARS = 12
_INLINE_CHILD = re.compile(r"^(\w+)\[(\d+)\]\.(\w+)")
_STRUCT_CHILD = re.compile(r"\.(\w+)")


@dataclass(frozen=True)
class PageFinding:
    """A finding on a page: the finding itself and where it is.

    `field` is the model field (``body``, ``summary``, ``alerts``), `path` the exact place
    (``body[3].choices[1]``, ``alerts[0].title``), `label` the same place in words an editor
    reads (正文 › 第4块（金融常识问答） › 选项 第2项), `block_id` the id of the top-level
    StreamField block when there is one, and `before`/`after` a little text either side of
    the matched words for an excerpt. Offsets in `finding` refer to that place's plain text.
    """

    finding: Finding
    field: str
    path: str
    label: str
    before: str
    after: str
    block_id: str | None = None

    rule_id = property(lambda self: self.finding.rule_id)
    category = property(lambda self: self.finding.category)
    severity = property(lambda self: self.finding.severity)
    message = property(lambda self: self.finding.message)
    text = property(lambda self: self.finding.text)
    is_error = property(lambda self: self.finding.is_error)

    @property
    def target(self) -> str:
        """A CSS selector for the place in Wagtail's edit form, from its ``data-contentpath``s.

        ``summary`` → the summary field; ``body[3].choices[1]`` with a block id → that block's
        choices; ``alerts[0].title`` → the title of the first inline alert. The editor's
        script (content/static/content/compliance.js) opens the tab and block and goes there.
        """
        inline = _INLINE_CHILD.match(self.path)
        if inline and self.block_id is None:
            accessor, index, name = inline.groups()
            return f'#inline_child_{accessor}-{index} [data-contentpath="{name}"]'
        parts = [self.field]
        if self.block_id:
            parts.append(self.block_id)
            rest = self.path.split("]", 1)[1] if "]" in self.path else ""
            parts += _STRUCT_CHILD.findall(rest)
        return " ".join(f'[data-contentpath="{part}"]' for part in parts)

    @property
    def excerpt(self) -> str:
        """The matched words with a little text either side, e.g. 「…本产品保本保息，年化…」."""
        return f"{self.before}{self.finding.text}{self.after}"

    def as_dict(self) -> dict:
        return {
            **self.finding.as_dict(),
            "field": self.field,
            "path": self.path,
            "label": self.label,
            "block_id": self.block_id,
            "target": self.target,
            "excerpt": self.excerpt,
        }


def _excerpt_sides(text: str, start: int, end: int) -> tuple[str, str]:
    lo, hi = max(0, start - EXCERPT_CHARS), min(len(text), end + EXCERPT_CHARS)
    before = ("…" if lo > 0 else "") + text[lo:start]
    after = text[end:hi] + ("…" if hi < len(text) else "")
    return before.replace("\n", " "), after.replace("\n", " ")


def page_column_key(page: Page) -> str | None:
    """The key of the column `page` belongs to (``antifraud`` …), or None when it is in none.

    A column page gives its own key; any other page the key of the column above it (the
    ``column`` property of reader pages), which needs the page's place in the tree: a page
    that has none yet (an unsaved draft outside the tree) gives None, and None exempts
    nothing, so such a page is held to every disclosure rule.
    """
    own = getattr(page, "column_key", None)
    if own:
        return own
    if not page.path:
        return None
    return getattr(getattr(page, "column", None), "column_key", None)


def check_page(page: Page, *, rules: RuleSet | None = None) -> list[PageFinding]:
    """Check every text field and block of `page` (saved, or unsaved as built from a revision).

    The page's column is part of its context: the disclosure rules exempt the columns that
    describe scams unless the page offers a product itself (see ``exempt_columns`` in
    rules.toml). Findings come in reading order; errors (severity 错误) are the ones that
    block publication: ``any(finding.is_error for finding in check_page(page))``.
    """
    ruleset = rules or default_rules()
    if type(page)._meta.concrete_model is Page:
        page = page.specific
    segments = page_segments(page, quoting=ruleset.quoting)
    results = check_segments(
        [(segment.text, segment.context) for segment in segments],
        rules=ruleset,
        column=page_column_key(page),
    )
    located = []
    for index, finding in results:
        segment = segments[index]
        before, after = _excerpt_sides(segment.text, finding.start, finding.end)
        located.append(
            PageFinding(
                finding=finding,
                field=segment.field,
                path=segment.path,
                label=segment.label,
                before=before,
                after=after,
                block_id=segment.block_id,
            )
        )
    return located
