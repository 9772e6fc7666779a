"""Tests for content/compliance/pages.py and extract.py: check_page on real pages, findings located by field and block."""

import datetime

from wagtail.rich_text import RichText

import pytest

from content.compliance import check_page, default_rules
from content.compliance.extract import page_segments
from content.compliance.pages import page_column_key
from content.models import (
    ArticlePage,
    BulletinAlert,
    BulletinPage,
    CaseStudyPage,
    ColumnPage,
    FraudType,
    HomePage,
)

pytestmark = pytest.mark.django_db


def _column(key="antifraud", title="反诈骗"):
    column = ColumnPage(title=title, slug=f"compliance-{key}", column_key=key, intro=f"{title}栏目")
    HomePage.objects.first().add_child(instance=column)
    return column


def _located(findings, category=None):
    """(path, rule id, matched text) of each finding, optionally of one category."""
    return [
        (f.path, f.rule_id, f.text) for f in findings if category is None or f.category == category
    ]


ARTICLE_BODY = [
    ("paragraph", RichText("<p>借款前请看清<b>年化利率</b>。</p><p>我们的产品保本保息。</p>")),
    ("heading", {"text": "作案手法", "level": "h2"}),
    ("paragraph", RichText("<p>先让你小赚，保本高收益，稳赚不赔。</p>")),
    ("heading", {"text": "防范建议", "level": "h2"}),
    ("paragraph", RichText("<p>选择保本保息的产品。</p>")),
    (
        "quiz",
        {
            "question": "对方说可以“保本”，你该怎么办？",
            "choices": ["相信，稳赚不赔", "拨打96110核实", "先转一半试试"],
            "answer": "B",
            "explanation": RichText("<p>正规机构不会承诺保本。</p>"),
        },
    ),
    ("key_points", {"title": "记住", "points": ["不点陌生链接", "认准国家认证的平台"]}),
    (
        "callout",
        {
            "kind": "warning",
            "title": "顶级提醒",
            "body": RichText("<p>凡是承诺稳赚不赔的都是诈骗。</p>"),
        },
    ),
    (
        "table",
        {
            "caption": "对比",
            "table": {
                "data": [["项目", "说明"], ["利息", "最低利率"]],
                "first_row_is_table_header": True,
                "first_col_is_header": False,
                "table_header_choice": "row",
            },
        },
    ),
]


@pytest.fixture
def article():
    page = ArticlePage(
        title="稳赚理财推荐",
        slug="wenzhuan",
        summary="教你识别“保本高收益”骗局",
        body=ARTICLE_BODY,
    )
    _column().add_child(instance=page)
    return ArticlePage.objects.get(pk=page.pk)


class TestArticle:
    def test_findings_are_located_in_fields_and_blocks(self, article):
        claims = [
            hit
            for hit in _located(check_page(article))
            if hit[1].split(".")[0] in {"absolute", "returns", "authority"}
        ]
        assert claims == [
            ("title", "returns.guaranteed", "稳赚"),
            ("body[0]", "returns.guaranteed", "保本保息"),
            ("body[4]", "returns.guaranteed", "保本保息"),
            ("body[6].points[1]", "authority.endorsement", "国家认证"),
            ("body[7].title", "absolute.grade", "顶级"),
            ("body[8].table[1][1]", "absolute.superlative", "最低"),
        ]

    def test_offsets_refer_to_the_plain_text_of_rich_text(self, article):
        (finding,) = [f for f in check_page(article) if f.path == "body[0]"]
        segment = next(
            s
            for s in page_segments(article, quoting=default_rules().quoting)
            if s.path == "body[0]"
        )
        assert segment.text == "借款前请看清年化利率。\n我们的产品保本保息。"
        assert segment.text[finding.finding.start : finding.finding.end] == "保本保息"
        assert finding.excerpt == "…清年化利率。 我们的产品保本保息。"
        assert finding.field == "body"
        assert finding.block_id == article.body[0].id

    def test_quiz_choices_are_quoted_but_still_copy_edited(self, article):
        quiz = [hit for hit in _located(check_page(article)) if hit[0].startswith("body[5]")]
        assert quiz == [
            ("body[5].choices[1]", "typography.spacing", "打9"),
            ("body[5].choices[1]", "typography.spacing", "0核"),
        ]

    def test_section_after_a_case_heading_is_quoting_context(self, article):
        assert [hit for hit in _located(check_page(article)) if hit[0] == "body[2]"] == []

    def test_document_level_disclosure_is_reported_once_at_the_first_place(self, article):
        assert _located(check_page(article), "必要披露") == [
            ("title", "disclosure.investment_risk", "理财")
        ]

    def test_poster_theme_is_not_text(self, article):
        article.poster_theme = "最佳主题"
        assert not [f for f in check_page(article) if f.field == "poster_theme"]
        assert "poster_theme" not in {
            s.field for s in page_segments(article, quoting=default_rules().quoting)
        }

    def test_labels_say_where_in_words(self, article):
        (finding,) = [f for f in check_page(article) if f.path == "body[6].points[1]"]
        assert finding.label == "正文 › 第7块（要点清单） › 要点 第2项"
        assert finding.is_error and finding.severity == "错误" and finding.category == "权威背书"
        data = finding.as_dict()
        assert data["path"] == "body[6].points[1]" and data["rule"] == "authority.endorsement"
        assert data["excerpt"] == "认准国家认证的平台"
        block_id = article.body[6].id
        assert data["target"] == finding.target == (
            f'[data-contentpath="body"] [data-contentpath="{block_id}"] [data-contentpath="points"]'
        )

    def test_targets_of_plain_fields(self, article):
        article.summary = "零风险"
        (finding,) = [f for f in check_page(article) if f.field == "summary"]
        assert finding.target == '[data-contentpath="summary"]'

    def test_unsaved_draft_revision_is_checked(self, article):
        article.summary = "零风险，高回报"
        revision = article.save_revision()
        draft = revision.as_object()
        summary = _located(check_page(draft), "承诺收益")
        assert ("summary", "returns.guaranteed", "零风险") in summary
        assert ("summary", "returns.guaranteed", "高回报") in summary

    def test_a_base_page_instance_is_checked_as_its_specific_type(self, article):
        from wagtail.models import Page

        base = Page.objects.get(pk=article.pk)
        assert _located(check_page(base)) == _located(check_page(article))

    def test_clean_article_has_no_errors(self):
        page = ArticlePage(
            title="读懂个人信用报告",
            slug="dudong",
            summary="查询方法和注意事项",
            body=[("paragraph", RichText("<p>查询本人信用报告，每年有两次免费机会。</p>"))],
        )
        _column("credit", "征信").add_child(instance=page)
        assert check_page(page) == []


class TestCaseStudy:
    @pytest.fixture
    def case_study(self):
        page = CaseStudyPage(
            title="“稳赚不赔”的理财群",
            slug="licai-qun",
            summary="王女士被拉进所谓的理财群。",
            fraud_type=FraudType.objects.get(slug="fake-investment"),
            story="<p>群里的“导师”每天晒收益。</p><p>保本高收益，稳赚不赔，日赚500元。</p>",
            technique="<p>先小额返利，承诺高额回报。</p>",
            red_flags="<p>承诺稳赚不赔、国家认证。</p>",
            prevention="<p>选择保本保息的正规产品。</p>",
            aftermath="<p>第一时间拨打 96110 报警。</p>",
        )
        _column().add_child(instance=page)
        return CaseStudyPage.objects.get(pk=page.pk)

    def test_case_sections_quote_the_scammer_prevention_speaks_for_us(self, case_study):
        claims = [
            hit
            for hit in _located(check_page(case_study))
            if hit[1].split(".")[0] in {"absolute", "returns", "authority"}
        ]
        assert claims == [("prevention", "returns.guaranteed", "保本保息")]

    def test_section_contexts(self, case_study):
        contexts = {
            s.path: s.context for s in page_segments(case_study, quoting=default_rules().quoting)
        }
        assert contexts["title"] == "title"
        assert contexts["summary"] == "summary"
        assert contexts["story"] == contexts["technique"] == contexts["red_flags"] == "quote"
        assert contexts["prevention"] == contexts["aftermath"] == "body"

    def test_copy_editing_applies_in_case_sections(self, case_study):
        assert ("story", "typography.spacing", "赚5") in _located(check_page(case_study))

    def test_a_scam_case_needs_no_risk_warning_until_it_offers_a_product(self, case_study):
        # An anti-fraud case names the scam's 理财群 and its 收益: that is the bait, not our product.
        assert _located(check_page(case_study), "必要披露") == []
        case_study.aftermath += "<p>我们的理财产品收益稳健。</p>"
        assert _located(check_page(case_study), "必要披露") == [
            ("title", "disclosure.investment_risk", "理财")
        ]
        case_study.aftermath += "<p>投资有风险，理财需谨慎。</p>"
        assert _located(check_page(case_study), "必要披露") == []

    def test_the_same_case_in_the_credit_column_needs_the_warning(self, case_study):
        case_study.move(_column("credit", "征信"), pos="last-child")
        moved = CaseStudyPage.objects.get(pk=case_study.pk)
        assert _located(check_page(moved), "必要披露") == [
            ("title", "disclosure.investment_risk", "理财")
        ]


class TestBulletin:
    @pytest.fixture
    def bulletin(self):
        fraud_type = FraudType.objects.get(slug="fake-loan")
        page = BulletinPage(
            title="防诈周报第1期",
            slug="zhoubao-1",
            issue_number=1,
            week_start=datetime.date(2026, 11, 23),
            week_end=datetime.date(2026, 11, 29),
            lead_warning="警惕“秒批”“不看征信”的网贷广告。",
            tip_of_week="借款前看清年化利率。",
        )
        page.alerts = [
            BulletinAlert(fraud_type=fraud_type, title="虚假网贷", body="对方称秒批，先交解冻费。"),
            BulletinAlert(fraud_type=fraud_type, title="本平台秒批", body="无视征信，秒到账。"),
        ]
        _column().add_child(instance=page)
        return BulletinPage.objects.get(pk=page.pk)

    def test_alerts_are_checked_with_their_place(self, bulletin):
        claims = _located(check_page(bulletin), "承诺收益")
        assert claims == [
            ("alerts[1].title", "returns.loan_promise", "秒批"),
            ("alerts[1].body", "returns.loan_promise", "无视征信"),
            ("alerts[1].body", "returns.loan_promise", "秒到账"),
        ]
        (finding,) = [f for f in check_page(bulletin) if f.path == "alerts[1].title"]
        assert finding.field == "alerts"
        assert finding.label == "预警条目 第2条 › 标题"
        assert finding.target == '#inline_child_alerts-1 [data-contentpath="title"]'

    def test_unsaved_alerts_are_checked(self, bulletin):
        draft = BulletinPage.objects.get(pk=bulletin.pk)
        draft.alerts = [
            BulletinAlert(fraud_type=FraudType.objects.first(), title="保本", body="零风险")
        ]
        assert [hit[0] for hit in _located(check_page(draft), "承诺收益")] == [
            "alerts[0].title",
            "alerts[0].body",
        ]


class TestColumnContext:
    def test_a_page_takes_the_key_of_its_column(self, article):
        assert page_column_key(article) == "antifraud"
        assert page_column_key(article.get_parent().specific) == "antifraud"

    def test_a_page_outside_the_columns_or_the_tree_has_none(self):
        assert page_column_key(HomePage.objects.first()) is None
        assert page_column_key(ArticlePage(title="草稿", slug="draft")) is None

    def test_a_draft_outside_the_tree_is_held_to_every_disclosure(self):
        draft = ArticlePage(title="晒收益的任务群", slug="draft", summary="群里的人天天晒收益。")
        assert _located(check_page(draft), "必要披露") == [
            ("title", "disclosure.investment_risk", "收益")
        ]
