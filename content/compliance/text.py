"""Plain text from rich-text HTML, as the compliance checks read it and report offsets into it.

Tags are dropped, entities decoded, and every block element (paragraph, heading, list
item, table cell, line break) becomes one line, so a finding's offsets and its line and
column refer to the text a reader sees, not to the HTML source.
"""

import re
from html.parser import HTMLParser

BLOCK_TAGS = frozenset(
    {
        "address",
        "article",
        "aside",
        "blockquote",
        "br",
        "dd",
        "div",
        "dl",
        "dt",
        "figcaption",
        "figure",
        "footer",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "header",
        "hr",
        "li",
        "ol",
        "p",
        "pre",
        "section",
        "table",
        "td",
        "th",
        "tr",
        "ul",
    }
)
SKIPPED_TAGS = frozenset({"script", "style", "template"})
_LINE_BREAKS = re.compile(r"[ \t\r\f\v]*\n[\s]*")


class _TextCollector(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag, attrs):
        if tag in SKIPPED_TAGS:
            self.skipping += 1
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_startendtag(self, tag, attrs):
        if tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in SKIPPED_TAGS:
            self.skipping = max(0, self.skipping - 1)
        elif tag in BLOCK_TAGS:
            self.parts.append("\n")

    def handle_data(self, data):
        if not self.skipping:
            self.parts.append(data)


def html_to_text(html: str) -> str:
    """The plain text of an HTML fragment, one line per block element.

    >>> html_to_text("<p>年化利率&nbsp;<b>7.2%</b></p><ul><li>一</li><li>二</li></ul>")
    '年化利率\\xa07.2%\\n一\\n二'
    """
    if not html:
        return ""
    collector = _TextCollector()
    collector.feed(str(html))
    collector.close()
    return _LINE_BREAKS.sub("\n", "".join(collector.parts)).strip("\n ")
