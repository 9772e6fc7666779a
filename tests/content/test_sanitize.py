"""Tests for content/sanitize.py: a corpus of XSS vectors never reaches a reader, article HTML does.

The vectors follow the OWASP XSS Filter Evasion Cheat Sheet and the HTML5 Security
Cheatsheet: script in every spelling, event handlers, `javascript:`/`vbscript:`/`data:`
URLs hidden by entities, whitespace and control characters, SVG and MathML payloads,
CSS expressions, broken and nested tags, frames, meta refresh, forms and mutation XSS.
"""

import html
import re
from html.parser import HTMLParser

import pytest

from content.blocks import BodyBlock, SafeHTMLBlock
from content.sanitize import sanitize_html

XSS_VECTORS = [
    # Script elements
    "<script>alert(1)</script>",
    "<ScRiPt>alert(document.cookie)</sCrIpT>",
    "<SCRIPT SRC=https://xss.rocks/xss.js></SCRIPT>",
    '<script/xss src="https://xss.rocks/xss.js"></script>',
    '<<SCRIPT>alert("XSS");//<</SCRIPT>',
    "<SCRIPT SRC=//xss.rocks/.j>",
    "<scr<script>ipt>alert(1)</scr</script>ipt>",
    '<IMG """><SCRIPT>alert("XSS")</SCRIPT>">',
    "<!--[if gte IE 4]><SCRIPT>alert('XSS');</SCRIPT><![endif]-->",
    "<template><script>alert(1)</script></template>",
    "<xss onafterscriptexecute=alert(1)><script>1</script>",
    # Event handlers
    "<IMG SRC=# onmouseover=\"alert('xxs')\">",
    "<IMG onmouseover=\"alert('xxs')\">",
    '<IMG SRC=/ onerror="alert(String.fromCharCode(88,83,83))"></img>',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<img src="https://example.com/a.png" onerror  =  "alert(1)">',
    "<BODY ONLOAD=alert('XSS')>",
    "<details open ontoggle=alert(1)>",
    "<input onfocus=alert(1) autofocus>",
    "<marquee onstart=alert(1)>",
    '<video><source onerror="alert(1)"></video>',
    '<p><a href="https://example.com" onclick="steal()">ok</a></p>',
    '<p title="x" ONCLICK="alert(1)" oNmOuSeOvEr=alert(2)>x</p>',
    # javascript: and vbscript: URLs, hidden by case, entities, whitespace and control characters
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    "<IMG SRC=&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;&#97;&#108;&#101;&#114;&#116;&#40;&#39;&#88;&#83;&#83;&#39;&#41;>",
    "<IMG SRC=&#0000106&#0000097&#0000118&#0000097&#0000115&#0000099&#0000114&#0000105&#0000112&#0000116&#0000058&#0000097&#0000108&#0000101&#0000114&#0000116&#0000040&#0000039&#0000088&#0000083&#0000083&#0000039&#0000041>",
    "<IMG SRC=&#x6A&#x61&#x76&#x61&#x73&#x63&#x72&#x69&#x70&#x74&#x3A&#x61&#x6C&#x65&#x72&#x74&#x28&#x27&#x58&#x53&#x53&#x27&#x29>",
    "<IMG SRC=\"jav\tascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x09;ascript:alert('XSS');\">",
    "<IMG SRC=\"jav&#x0A;ascript:alert('XSS');\">",
    "<IMG SRC=\" &#14;  javascript:alert('XSS');\">",
    '<a href="&#x6a;avascript:alert(1)">x</a>',
    '<a href="javas&#99;ript:alert(1)">x</a>',
    '<a href="  javascript:alert(1)">x</a>',
    '<a href="java\x00script:alert(1)">x</a>',
    '<a href="&#1;javascript:alert(1)">x</a>',
    "<a href=javascript&colon;alert(1)>x</a>",
    "<a href=\"vbscript:msgbox('XSS')\">x</a>",
    "<BASE HREF=\"javascript:alert('XSS');//\">",
    "<LINK REL=\"stylesheet\" HREF=\"javascript:alert('XSS');\">",
    "<TABLE BACKGROUND=\"javascript:alert('XSS')\"><tr><td>x</td></tr></TABLE>",
    "<TD BACKGROUND=\"javascript:alert('XSS')\">",
    # data: URLs
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<img src="data:image/svg+xml;base64,PHN2ZyBvbmxvYWQ9YWxlcnQoMSk+">',
    '<a href="DATA:text/html,<script>alert(1)</script>">x</a>',
    '<EMBED SRC="data:image/svg+xml;base64,PHN2ZyB4bWxuczpzdmc9Imh0dH A6Ly93d3cudzMub3JnLzIwMDAvc3ZnIj48c2NyaXB0PmFsZXJ0KDEpPC9zY3JpcHQ+PC9zdmc+" type="image/svg+xml"></EMBED>',
    # SVG and MathML
    "<svg/onload=alert('XSS')>",
    "<svg><script>alert(1)</script></svg>",
    '<svg><a xlink:href="javascript:alert(1)"><text x="20" y="20">XSS</text></a></svg>',
    '<svg><animate onbegin=alert(1) attributeName=x dur=1s>',
    '<math href="javascript:javascript:alert(1)">CLICKME</math>',
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    # CSS
    "<div style=\"background-image: url(javascript:alert('XSS'))\">x</div>",
    "<div style=\"width: expression(alert('XSS'));\">x</div>",
    '<div style="width: e\\78 pression(alert(1))">x</div>',
    '<div style="height: ex/**/pression(alert(1))">x</div>',
    '<p style="color: red; behavior: url(xss.htc); -moz-binding: url(xss.xml#xss)">x</p>',
    '<span style="background:url(&quot;javascript:alert(1)&quot;)">x</span>',
    "<STYLE>@import'http://xss.rocks/xss.css';</STYLE>",
    '<style>body{background:url("javascript:alert(1)")}</style>',
    # Frames, meta refresh, objects, forms
    "<IFRAME SRC=\"javascript:alert('XSS');\"></IFRAME>",
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    "<FRAMESET><FRAME SRC=\"javascript:alert('XSS');\"></FRAMESET>",
    "<META HTTP-EQUIV=\"refresh\" CONTENT=\"0;url=javascript:alert('XSS');\">",
    '<META HTTP-EQUIV="refresh" CONTENT="0;url=data:text/html base64,PHNjcmlwdD5hbGVydCgnWFNTJyk8L3NjcmlwdD4K">',
    '<OBJECT TYPE="text/x-scriptlet" DATA="http://xss.rocks/scriptlet.html"></OBJECT>',
    '<form action="javascript:alert(1)"><input type=submit></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    # Mutation XSS: markup that changes meaning when parsed again
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>">',
    '<p title="</p><script>alert(1)</script>">x</p>',
    "<a href=\"https://example.com/\" title='\"><script>alert(1)</script>'>ok</a>",
]


class _Collector(HTMLParser):
    """Every start tag of a fragment with its attributes, as a browser's tokenizer sees them."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.tags: list[tuple[str, dict]] = []

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, {name: value or "" for name, value in attrs}))

    handle_startendtag = handle_starttag


def _scheme_view(value: str) -> str:
    """A decoded URL as a browser reads its scheme: whitespace and control characters dropped, lower case."""
    return re.sub(r"[\x00-\x20\x7f]+", "", value).lower()


def _without_noise(markup: str) -> str:
    """Markup with entities decoded once (as a browser does) and then read like a URL."""
    return _scheme_view(html.unescape(markup))


def assert_harmless(output: str):
    lowered = output.lower()
    assert "<script" not in lowered
    assert not re.search(r"<[^>]*\son\w+\s*=", output, re.IGNORECASE), "an event-handler attribute"
    assert "javascript:" not in _without_noise(output)
    assert "vbscript:" not in _without_noise(output)
    collector = _Collector()
    collector.feed(output)
    for tag, attrs in collector.tags:
        assert tag not in {"script", "iframe", "frame", "object", "embed", "svg", "math", "meta", "base", "link", "form", "style"}
        assert not any(name.startswith("on") for name in attrs), (tag, attrs)
        style = _scheme_view(attrs.get("style", ""))
        assert not any(word in style for word in ("expression", "url(", "javascript:", "behavior", "binding")), style
        for name in ("href", "src", "action", "formaction", "background", "srcdoc"):
            if name in attrs:
                assert name in {"href", "src"}, (tag, name)
                # HTMLParser has decoded the entities already, as a browser does, exactly once.
                assert not _scheme_view(attrs[name]).startswith(("javascript:", "vbscript:", "data:")), (tag, attrs)


def test_the_corpus_is_big_enough():
    assert len(XSS_VECTORS) >= 40
    assert len(set(XSS_VECTORS)) == len(XSS_VECTORS)


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_vector_is_neutralised(vector):
    output = sanitize_html(vector)

    assert_harmless(output)
    assert sanitize_html(output) == output, "sanitising twice changes nothing"


@pytest.mark.parametrize("vector", XSS_VECTORS)
def test_xss_vector_inside_article_html_is_neutralised(vector):
    output = sanitize_html(f"<p>防范电信网络诈骗</p>{vector}<p>拨打 96110 核实</p>")

    assert_harmless(output)
    assert "<p>防范电信网络诈骗</p>" in output


ARTICLE_HTML = (
    "<h2>先弄清楚：什么是个人信用报告</h2>"
    "<p>个人信用报告由<strong>中国人民银行征信中心</strong>出具，<em>每年可以免费查询两次</em>。</p>"
    '<p>官方渠道：<a href="https://www.pbccrc.org.cn/" title="征信中心">征信中心官网</a>，'
    '或致电 <a href="tel:12363">12363</a>，或发邮件至 <a href="mailto:help@example.com">客服邮箱</a>。</p>'
    '<figure><img src="https://example.com/media/report.png" alt="一份个人信用报告的首页" width="900" height="383">'
    "<figcaption>个人信用报告样例（示意）</figcaption></figure>"
    "<ul><li>不点陌生链接</li><li>不透露验证码</li></ul>"
    "<ol start=\"2\"><li>核实身份</li></ol>"
    "<blockquote>征信“修复”不可能花钱办到。</blockquote>"
    '<table><caption>同样借 1 万元、分 12 期</caption><thead><tr><th scope="col">还款方式</th>'
    '<th scope="col">年化利率（约）</th></tr></thead><tbody><tr><td>等额本息</td><td>10.8%</td></tr>'
    '<tr><td colspan="2">数据为示意</td></tr></tbody></table>'
    '<p style="color: #c8102e; text-align: center;">投资有风险</p>'
)


def test_article_html_survives():
    output = sanitize_html(ARTICLE_HTML)

    for fragment in [
        "<h2>先弄清楚：什么是个人信用报告</h2>",
        "<strong>中国人民银行征信中心</strong>",
        "<em>每年可以免费查询两次</em>",
        '<a href="https://www.pbccrc.org.cn/" title="征信中心">征信中心官网</a>',
        '<a href="tel:12363">12363</a>',
        '<a href="mailto:help@example.com">',
        '<img src="https://example.com/media/report.png" alt="一份个人信用报告的首页" width="900" height="383">',
        "<figcaption>个人信用报告样例（示意）</figcaption>",
        "<li>不透露验证码</li>",
        '<ol start="2">',
        "<blockquote>",
        "<caption>同样借 1 万元、分 12 期</caption>",
        '<th scope="col">还款方式</th>',
        '<td colspan="2">数据为示意</td>',
        "color: #c8102e;",
        "投资有风险",
    ]:
        assert fragment in output, fragment
    assert sanitize_html(output) == output


def test_empty_input_gives_empty_output():
    assert sanitize_html(None) == ""
    assert sanitize_html("") == ""


def test_safe_html_block_sanitises_what_it_loads_and_renders():
    block = SafeHTMLBlock()
    raw = '<p onclick="steal()">来源：<a href="javascript:alert(1)">链接</a></p><script>alert(1)</script>'

    value = block.to_python(raw)
    rendered = block.render(value)

    assert_harmless(str(value))
    assert_harmless(rendered)
    assert "来源：" in rendered
    assert block.get_prep_value(raw) == sanitize_html(raw)


def test_raw_html_stored_in_a_body_is_sanitised_when_the_page_renders():
    """A body whose JSON was written around the editor (an import, a script) still renders safely."""
    stream = BodyBlock().to_python(
        [
            {"type": "html", "value": '<img src=x onerror="alert(1)"><p>导入的内容</p><iframe srcdoc="<script>alert(1)</script>"></iframe>'},
            {"type": "html", "value": "<svg/onload=alert(1)><p>第二段</p>"},
        ]
    )

    rendered = str(stream)

    assert_harmless(rendered)
    assert "导入的内容" in rendered and "第二段" in rendered
