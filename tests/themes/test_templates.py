"""The reader pages render real content: hotlines, share metadata, quizzes, blocks, previews, query counts."""

import datetime
import decimal
import re
from html import unescape

from django.db import connection
from django.template.loader import render_to_string
from django.test import RequestFactory
from django.test.utils import CaptureQueriesContext
from django.urls import reverse

from wagtail.models import Page

import pytest

from content.factories import (
    ArticlePageFactory,
    BulletinPageFactory,
    CaseStudyPageFactory,
    ImageFactory,
)
from content.models import (
    ArticlePage,
    BrandSettings,
    BulletinAlert,
    BulletinPage,
    FraudType,
    Hotline,
)
from content.search.engine import search
from content.templatetags.reader_tags import css_colour, hotlines_for, keep_amounts, yuan
from core.public_urls import public_base_url

pytestmark = [
    pytest.mark.django_db,
    # Pillow asks Wagtail's rendition SpooledTemporaryFile for a fileno(), which rolls it over
    # to a real temporary file that Wagtail never closes; pyproject ignores the spooled form only.
    pytest.mark.filterwarnings("ignore:unclosed file <_io.BufferedRandom:ResourceWarning"),
]

ARTICLE_QUERY_LIMIT = 20
NATIONAL_NUMBERS = ("96110", "12378", "12363")


def meta_content(html: str, attribute: str, name: str) -> str:
    """The content of `<meta {attribute}="{name}" content="…">`, unescaped."""
    match = re.search(rf'<meta[^>]*\b{attribute}="{re.escape(name)}"[^>]*\bcontent="([^"]*)"', html)
    assert match, f'no <meta {attribute}="{name}"> in the page'
    return unescape(match.group(1))


def full_article(parent, **kwargs):
    """An article whose body holds one block of every kind, with a cover image."""
    case_study = CaseStudyPageFactory(parent=parent, title="冒充客服“理赔”，一通电话骗走 2 万元")
    defaults = {
        "title": "接到“客服退款”电话，先挂断再核实",
        "summary": "自称电商客服说要给你退款？正规平台退款原路返回，不需要你提供验证码或转账。",
        "cover_image": ImageFactory(),
        "body__0": "paragraph",
        "body__1": "heading",
        "body__2": "image",
        "body__3": "callout",
        "body__4": "key_points",
        "body__5": "quiz",
        "body__6": "hotline",
        "body__7": "case_study",
        "body__7__case_study__case_study": case_study,
        "body__8": "table",
        "body__9": "html",
    }
    defaults.update(kwargs)
    article = ArticlePageFactory(parent=parent, **defaults)
    article.fraud_types.set(FraudType.objects.filter(slug__in=["fake-customer-service", "fake-loan"]))
    article.save_revision().publish()
    return article, case_study


# Every page


def test_home_page_shows_latest_bulletin_columns_and_recent_pieces(client, site_tree):
    BulletinPageFactory(parent=site_tree["antifraud"], issue_number=6, title="第六期：警惕虚假贷款")
    BulletinPageFactory(parent=site_tree["antifraud"], issue_number=7, title="第七期：刷单返利又出新花样")
    ArticlePageFactory(parent=site_tree["credit"], title="信用报告上的“查询记录”是什么")

    html = client.get("/").content.decode()

    hero = html[html.index('class="bulletin-hero"') : html.index('id="columns-title"')]
    assert "第 7 期" in hero and "第七期：刷单返利又出新花样" in hero
    # The bulletin's title is a heading under the page's h1, which the section is labelled by.
    assert '<h2 class="bulletin-hero__title" id="bulletin-hero-title">第七期：刷单返利又出新花样</h2>' in hero
    for title in ("征信", "信贷", "反洗钱", "反诈骗"):
        assert f'<span class="column-card__title">{title}</span>' in html
    assert "column-icon--alert" in html and "--column: #0B5CAD" in html
    assert "信用报告上的“查询记录”是什么" in html


def test_every_page_has_hotlines_large_text_toggle_and_no_user_state(client, site_tree):
    article = ArticlePageFactory(parent=site_tree["credit"])
    for url in ("/", site_tree["credit"].url, article.url, "/search/?q=征信"):
        html = client.get(url).content.decode()
        for number in NATIONAL_NUMBERS:
            assert f'href="tel:{number}"' in html, (url, number)
        assert 'href="tel:4008200000"' in html
        assert "每天 9:00–21:00" in html
        # The toggle exists, and the stored choice is applied in <head> before the stylesheet, by a
        # script file that runs at once (not deferred; no inline script, for the CSP).
        assert 'data-text-size-toggle aria-pressed="false"' in html
        head = html[: html.index("</head>")]
        assert head.index('<script src="/static/js/preload.js"></script>') < head.index("reader.css")
        assert "<script>" not in html
        assert '<script src="/static/js/reader.js" defer></script>' in head
        assert '<html lang="zh-Hans" class="no-js"' in html
        assert "csrfmiddlewaretoken" not in html and "wagtail-userbar" not in html


def test_the_preload_script_restores_large_text_before_the_first_paint():
    from pathlib import Path

    from django.conf import settings

    script = (Path(settings.BASE_DIR) / "themes" / "static" / "js" / "preload.js").read_text()
    assert 'localStorage.getItem("reader.largeText") === "1"' in script
    assert 'className += " large-text"' in script and 'replace("no-js", "js")' in script


def test_brand_colours_come_from_the_site_setting(client, site_tree):
    site = site_tree["home"].get_site()
    settings = BrandSettings.for_site(site)
    settings.primary_colour, settings.accent_colour = "#123456", "#ABCDEF"
    settings.save()

    html = client.get("/").content.decode()

    assert ":root{--brand:#123456;--accent:#ABCDEF}" in html
    assert '<meta name="theme-color" content="#123456">' in html


# Article


def test_article_page_renders_title_author_summary_blocks_and_related_types(client, site_tree):
    article, case_study = full_article(site_tree["antifraud"])

    response = client.get(article.url)
    html = response.content.decode()

    assert response.status_code == 200
    assert '<h1 class="article-header__title">接到“客服退款”电话，先挂断再核实</h1>' in html
    assert "消保团队" in html
    assert '<a href="/fanzha/">反诈骗</a>' in html  # breadcrumb back to the column
    assert 'class="callout callout--warning"' in html
    assert "任何要求先交“保证金”“解冻费”的贷款，都是诈骗。" in html
    assert '<ol class="key-points__list">' in html and "<li>不透露验证码</li>" in html
    assert 'class="hotline-card__call" href="tel:96110"' in html
    assert f'href="{case_study.url}"' in html and "刷单返利" in html
    assert "<table>" in html and "年化利率（约）" in html
    assert 'href="https://www.12321.cn/"' in html
    related = html[html.index('class="related-types"') :]
    assert "冒充电商物流客服" in related and "虚假网络贷款" in related


def test_article_share_metadata_is_absolute_and_complete(client, site_tree):
    article, _case_study = full_article(site_tree["credit"])

    html = client.get(article.url).content.decode()

    title = "接到“客服退款”电话，先挂断再核实"
    assert f"<title>{title} - 金融常识</title>" in html
    assert meta_content(html, "property", "og:title") == title
    assert meta_content(html, "itemprop", "name") == title
    description = meta_content(html, "name", "description")
    assert description == article.summary
    assert meta_content(html, "property", "og:description") == description
    og_image = meta_content(html, "property", "og:image")
    root = public_base_url()  # the public address (PUBLIC_BASE_URL), not the request's Host
    assert og_image.startswith(f"{root}/media/images/") and ".fill-900x383" in og_image
    assert meta_content(html, "itemprop", "image") == og_image
    assert meta_content(html, "property", "og:url") == article.get_full_url()
    assert article.get_full_url().startswith("http")


def test_share_image_falls_back_to_the_default_picture(client, site_tree):
    html = client.get(site_tree["loans"].url).content.decode()

    root = public_base_url()
    assert meta_content(html, "property", "og:image") == f"{root}/static/img/share-default.png"
    assert meta_content(html, "name", "description").startswith("了解个人信用报告怎么查")


def test_quiz_works_from_data_attributes_with_a_details_fallback(client, site_tree):
    article = ArticlePageFactory(parent=site_tree["credit"])

    html = client.get(article.url).content.decode()

    quiz = html[html.index("<section class=\"quiz\"") : html.index("</section>", html.index('class="quiz"'))]
    assert 'data-quiz data-answer="B"' in quiz
    for letter in "ABC":
        assert f'data-quiz-choice="{letter}"' in quiz
    assert quiz.count('<button type="button" class="quiz__choice"') == 3
    assert 'data-correct="回答正确！"' in quiz and 'data-wrong="答错了，正确答案是 B。"' in quiz
    # The live region is on the page and empty before the answer, so that what is written into it is announced.
    assert 'data-quiz-status role="status" aria-live="polite" aria-atomic="true"' in quiz
    assert re.search(r"<p [^>]*data-quiz-status[^>]*></p>", quiz)
    details = quiz[quiz.index("<details") :]
    assert "data-quiz-explanation" in details
    assert "B. 挂断电话，拨打 96110 核实" in details
    assert "公检法和银行都没有所谓的“安全账户”。" in details
    assert "onclick" not in html.lower()


def test_images_are_responsive_renditions_and_lazy_below_the_cover(client, site_tree):
    article, _case_study = full_article(site_tree["credit"])

    html = client.get(article.url).content.decode()

    cover = html[html.index('<figure class="cover">') : html.index("</figure>", html.index('class="cover"'))]
    assert 'type="image/webp"' in cover and "375w" in cover and "750w" in cover
    assert 'fetchpriority="high"' in cover and 'loading="lazy"' not in cover
    body_image = html[html.index('<figure class="block-image">') :]
    body_image = body_image[: body_image.index("</figure>")]
    assert "<picture>" in body_image and 'loading="lazy"' in body_image
    assert re.search(r'<img [^>]*width="\d+"', body_image) and re.search(r'height="\d+"', body_image)
    assert 'alt="一份个人信用报告的首页"' in body_image


def test_first_body_image_loads_eagerly_without_a_cover(client, site_tree):
    article = ArticlePageFactory(parent=site_tree["credit"], body__0="image", body__1="paragraph", body__2="quiz")

    html = client.get(article.url).content.decode()

    body_image = html[html.index('<figure class="block-image">') :]
    body_image = body_image[: body_image.index("</figure>")]
    assert 'loading="lazy"' not in body_image and 'fetchpriority="high"' in body_image


def test_article_page_renders_in_few_queries_with_at_most_one_hotline_query(client, site_tree):
    article, _case_study = full_article(site_tree["antifraud"])
    client.get(article.url)  # the first view makes the image renditions

    with CaptureQueriesContext(connection) as queries:
        response = client.get(article.url)

    assert response.status_code == 200
    assert len(queries) < ARTICLE_QUERY_LIMIT, "\n".join(q["sql"][:160] for q in queries)
    hotline_table = Hotline._meta.db_table
    hotline_lists = [q for q in queries if f'FROM "{hotline_table}"' in q["sql"] and "IN (" not in q["sql"]]
    # The footer's list is kept per process until a change bumps the generation (core/memo.py).
    assert len(hotline_lists) <= 1
    assert "96110" in response.content.decode()


# Case study and bulletin


def test_case_study_shows_facts_and_the_five_sections(client, site_tree):
    case_study = CaseStudyPageFactory(
        parent=site_tree["antifraud"], loss_amount=decimal.Decimal("12800"), region="广东深圳"
    )

    html = client.get(case_study.url).content.decode()

    assert '<span class="tag tag--fraud">刷单返利</span>' in html
    assert '<dd class="case-facts__money">1.28\u00a0万\u2060元</dd>' in html
    assert "<dd>广东深圳</dd>" in html and "2025年3月8日" in html
    headings = re.findall(r'class="case-section__title"[^>]*>(.*?)</h2>', html)
    # What a screen reader reads: the number, a separator, the title ("1、案情经过", not "1案情经过").
    assert [re.sub(r"<[^>]+>", "", heading) for heading in headings] == [
        "1、案情经过", "2、作案手法", "3、识别要点", "4、防范建议", "5、受骗后怎么办",
    ]
    assert all('<span class="visually-hidden">、</span>' in heading for heading in headings)
    assert "小王在社交平台看到“点赞返佣”的兼职" in html


def test_case_study_with_unknown_loss_and_place_says_unknown(client, site_tree):
    case_study = CaseStudyPageFactory(parent=site_tree["antifraud"], loss_amount=None, region="", occurred_on=None)

    html = client.get(case_study.url).content.decode()

    facts = html[html.index('<dl class="case-facts">') : html.index("</dl>")]
    assert facts.count("<dd") == 4 and facts.count("未知") == 3


def test_bulletin_shows_issue_dates_warning_alerts_tip_and_hotlines(client, site_tree):
    case_study = CaseStudyPageFactory(parent=site_tree["antifraud"], title="“注销校园贷”骗走 5 万元")
    bulletin = BulletinPageFactory(
        parent=site_tree["antifraud"],
        issue_number=12,
        week_start=datetime.date(2025, 3, 31),
        week_end=datetime.date(2025, 4, 6),
        alerts=[
            BulletinAlert(
                fraud_type=FraudType.objects.get(slug="fake-credit-repair"),
                title="“注销校园贷”是骗局",
                body="校园贷账户不存在“注销”一说，要求转账的都是骗子。",
                case_study=case_study,
            ),
            BulletinAlert(
                fraud_type=FraudType.objects.get(slug="shuadan-fanli"),
                title="刷单返利仍在高发",
                body="凡是要求先垫钱的兼职都是诈骗。",
            ),
        ],
    )

    html = client.get(bulletin.url).content.decode()

    assert '<p class="bulletin-header__issue">第 12 期</p>' in html
    assert "2025.03.31–04.06" in html
    alert_box = html[html.index('<section class="alert-box"') : html.index("</section>", html.index("alert-box"))]
    assert "本周预警" in alert_box and bulletin.lead_warning in alert_box
    alerts = html[html.index('<ol class="alert-list">') : html.index("</ol>", html.index("alert-list"))]
    assert alerts.index("虚假征信") < alerts.index("刷单返利")
    assert f'href="{case_study.url}"' in alerts and "“注销校园贷”骗走 5 万元" in alerts
    assert bulletin.tip_of_week in html
    main = html[html.index('<main'):html.index('</main>')]
    assert main.count('href="tel:96110"') == 1  # the bulletin's own hotline list replaces the footer's
    assert html.count('class="hotlines"') == 1
    assert f'<a href="{bulletin.get_full_url()}">' in html


def test_a_bulletin_with_hotline_cards_lists_each_hotline_once(client, site_tree):
    hotlines = list(Hotline.objects.order_by("sort_order", "pk"))
    bulletin = BulletinPageFactory(
        parent=site_tree["antifraud"], issue_number=13, week_start=datetime.date(2025, 4, 7),
        week_end=datetime.date(2025, 4, 13),
        body=[("hotline", {"hotline": line, "note": line.description}) for line in hotlines[:2]],
    )
    html = client.get(bulletin.url).content.decode()
    main = html[html.index('<main'):html.index('</main>')]
    numbers = [line.tel_href for line in hotlines]
    for href in numbers:
        assert main.count(f'href="{href}"') <= 1, href
    assert all(main.count(f'href="{href}"') == 1 for href in numbers[:2])
    assert html.count('class="site-footer"') == 1 and html.count('class="hotlines"') <= 1


# Column, search and errors


def test_column_page_lists_pieces_with_pagination(client, site_tree):
    column = site_tree["loans"]
    for number in range(13):
        ArticlePageFactory(parent=column, title=f"借款常识第{number}讲")

    first = client.get(column.url).content.decode()
    second = client.get(column.url + "?page=2").content.decode()

    assert '<h1 class="column-header__title">信贷</h1>' in first
    assert 'style="--column: #0B5CAD"' in first
    assert first.count('class="page-card ') == 12 and "共 13 篇" in first
    assert 'rel="next" href="?page=2"' in first and "第 1 / 2 页" in first
    assert second.count('class="page-card ') == 1 and 'rel="prev" href="?page=1"' in second


def _render_search(**context):
    request = RequestFactory().get("/search/", {"q": context.get("query", "")})
    base = {"query": "", "results": [], "page_obj": None, "error": None}
    return render_to_string("search/search_results.html", {**base, **context}, request=request)


def test_search_results_say_how_many_were_found(site_tree):
    article = ArticlePageFactory(parent=site_tree["antifraud"], title="刷单返利的三个阶段")
    article.save_revision().publish()

    html = _render_search(query="刷单", results=search(query="刷单"))

    assert "找到 1 条结果" in html and "刷单返利的三个阶段" in html
    assert 'value="刷单"' in html and "<title>搜索：“刷单” - 金融常识</title>" in html


def test_search_results_say_when_nothing_matches_or_the_query_is_bad(site_tree):
    assert "没有找到与“杀猪盘”相关的内容" in _render_search(query="杀猪盘")
    error_html = _render_search(query="!!!", error="请输入要搜索的文字。")
    assert '<p class="notice notice--error" role="alert">请输入要搜索的文字。</p>' in error_html


def test_missing_page_gets_the_chinese_404_with_hotlines(client, site_tree):
    response = client.get("/no-such-page/")

    assert response.status_code == 404
    html = response.content.decode()
    assert "页面不存在" in html and 'href="tel:96110"' in html


def test_server_error_page_renders_without_context():
    html = render_to_string("500.html")

    assert "服务暂时不可用" in html and 'href="tel:96110"' in html


# Previews of unpublished pages


def test_unpublished_pages_render_in_preview(site_tree):
    drafts = [
        ArticlePageFactory(parent=site_tree["credit"], live=False),
        CaseStudyPageFactory(parent=site_tree["antifraud"], live=False),
        BulletinPageFactory(parent=site_tree["antifraud"], live=False),
    ]
    for draft in drafts:
        response = draft.make_preview_request()
        assert response.status_code == 200
        assert draft.title in response.content.decode()


def test_a_new_bulletin_previews_before_it_is_saved(site_tree):
    column = site_tree["antifraud"]
    bulletin = BulletinPage(
        title="第九期：冒充公检法",
        issue_number=9,
        week_start=datetime.date(2025, 3, 3),
        week_end=datetime.date(2025, 3, 9),
        lead_warning="公检法机关不会通过电话办案，更没有“安全账户”。",
        tip_of_week="接到自称警察的电话，挂断后打 110 核实。",
        alerts=[
            BulletinAlert(
                fraud_type=FraudType.objects.get(slug="fake-police"), title="“安全账户”是骗局", body="一律不转账。"
            )
        ],
    )
    # What Wagtail's "preview on create" view does before rendering.
    bulletin.depth = column.depth + 1
    bulletin.path = Page._get_path(column.path, bulletin.depth, column.numchild + 1)
    bulletin.set_url_path(column)

    html = bulletin.make_preview_request().content.decode()

    assert "第 9 期" in html and "“安全账户”是骗局" in html and "冒充公检法" in html


# Template tags


def test_loss_amounts_are_written_as_readers_count_them():
    assert yuan(decimal.Decimal("12800")) == "1.28 万元"
    assert yuan(decimal.Decimal("526000")) == "52.6 万元"
    assert yuan(decimal.Decimal("1234567.5")) == "约 123.46 万元"
    assert yuan(decimal.Decimal("3800")) == "3,800 元"
    assert yuan(decimal.Decimal("250000000")) == "2.5 亿元"
    assert yuan(None) == "未知"


def test_a_loss_amount_reads_the_same_on_the_page_the_poster_and_in_wechat(client, site_tree):
    from publishing.channels.wechat.content import article_build
    from publishing.render.context import _case_study_context

    case_study = CaseStudyPageFactory(parent=site_tree["antifraud"], loss_amount=decimal.Decimal("526000"))
    page_html = client.get(case_study.url).content.decode()
    facts = dict(_case_study_context(case_study, [])["facts"])
    wechat = article_build(page=case_study, page_url="https://example.com/").content
    assert case_study.loss_amount_label == "52.6 万元"
    assert "52.6\u00a0万\u2060元" in page_html
    assert facts["损失金额"] == "52.6 万元"
    assert "损失 52.6 万元" in wechat


def test_only_hex_colours_reach_a_style_attribute():
    assert css_colour("#0e7c66") == "#0e7c66"
    assert css_colour("red;} body{display:none") == "#0B5CAD"
    assert css_colour("", "#C8102E") == "#C8102E"


def test_the_company_hotline_follows_the_brand_setting(site_tree):
    brand = BrandSettings(hotline_number="95555", service_hours="7×24 小时", company_name="示例金融")

    lines = hotlines_for(brand=brand)

    assert [line.number for line in lines] == ["96110", "12378", "12363", "95555"]
    company = lines[-1]
    assert company.is_company_line and company.service_hours == "7×24 小时" and company.tel_href == "tel:95555"

    Hotline.objects.filter(is_company_line=True).delete()
    lines = hotlines_for(brand=brand)
    assert lines[-1].name == "消保专线" and lines[-1].number == "95555"


def test_admin_block_previews_use_the_reader_stylesheet(client, django_user_model, site_tree):
    admin = django_user_model.objects.create_superuser("editor", "editor@example.com", "pw-for-tests")
    client.force_login(admin)
    quiz_block = ArticlePage.body.field.stream_block.child_blocks["quiz"]

    response = client.get(reverse("wagtailadmin_block_preview"), {"id": quiz_block.definition_prefix})

    html = response.content.decode()
    assert response.status_code == 200
    assert '<link rel="stylesheet" href="/static/css/reader.css">' in html
    assert 'data-quiz data-answer="B"' in html and "挂断电话，拨打 96110 核实" in html


def test_headings_keep_an_amount_with_its_unit_but_the_title_tag_stays_plain(client, site_tree):
    title = "网恋三个月，“男友”带她投资，损失 52.6 万元"
    page = CaseStudyPageFactory(parent=site_tree["antifraud"], title=title)
    page.save_revision().publish()

    html = client.get(page.url).content.decode()

    assert '<h1 class="article-header__title">网恋三个月，“男友”带她投资，损失 52.6\u00a0万\u2060元</h1>' in html
    assert f"<title>{title}" in html
    assert 'content="网恋三个月，“男友”带她投资，损失 52.6 万元' in html  # share metadata


def test_keep_amounts_escapes_what_it_is_given():
    assert keep_amounts("<b>5 万元</b>") == "&lt;b&gt;5\u00a0万\u2060元&lt;/b&gt;"
