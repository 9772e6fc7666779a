"""Factories (factory_boy and wagtail-factories) for every page type, body block and snippet.

Tests build page trees from these, for example::

    home = Site.objects.get(is_default_site=True).root_page.specific
    column = ColumnPageFactory(parent=home, column_key=COLUMN_ANTIFRAUD)
    article = ArticlePageFactory(parent=column, body__0="quiz", body__1="callout")
    bulletin = BulletinPageFactory(parent=column, issue_number=12)

Stream bodies take wagtail-factories' syntax: ``body__<index>=<block name>`` for a block
with this module's defaults, ``body__<index>__<block name>__<field>=value`` to set a field.
Titles are Chinese, so every page factory sets an ASCII slug of its own.
"""

import datetime
import decimal

from wagtail import blocks as wagtail_blocks
from wagtail.models import Collection
from wagtail.rich_text import RichText

import factory
import wagtail_factories
from factory.django import DjangoModelFactory

from . import blocks
from .models import (
    ArticlePage,
    BulletinAlert,
    BulletinPage,
    CaseStudyPage,
    ColumnPage,
    FraudType,
    HomePage,
    Hotline,
)
from .models.pages import COLUMN_ANTIFRAUD, COLUMN_CHOICES

COLUMN_TITLES = {key: str(label) for key, label in COLUMN_CHOICES}
COLUMN_SLUGS = {"credit": "zhengxin", "loans": "xindai", "aml": "fanxiqian", "antifraud": "fanzha"}


# Snippets and images


class FraudTypeFactory(DjangoModelFactory):
    """A fraud type of its own (the glossary's ten are seeded by a migration)."""

    name = factory.Sequence(lambda n: f"测试诈骗类型{n}")
    slug = factory.Sequence(lambda n: f"test-fraud-type-{n}")
    description = "以高额回报为诱饵，先让人尝到甜头，再诱骗大额转账。"
    sort_order = factory.Sequence(lambda n: 100 + n)

    class Meta:
        model = FraudType


class HotlineFactory(DjangoModelFactory):
    """A hotline snippet; the national lines and the company's own are seeded by a migration."""

    name = factory.Sequence(lambda n: f"测试热线{n}")
    number = factory.Sequence(lambda n: f"400-100-{n:04d}")
    description = "账户安全、借款咨询"
    service_hours = "每天 9:00–21:00"
    is_company_line = False
    sort_order = factory.Sequence(lambda n: 100 + n)

    class Meta:
        model = Hotline


class ImageFactory(wagtail_factories.ImageFactory):
    """A small generated image in the root collection (not a new root, as upstream's factory makes)."""

    title = factory.Sequence(lambda n: f"测试图片{n}")
    collection = factory.LazyFunction(Collection.get_first_root_node)
    file = factory.django.ImageField(width=900, height=383, color="#0B5CAD")


# Body blocks


class RichTextBlockFactory(wagtail_factories.blocks.BlockFactory):
    """A rich text value, e.g. ``body__0__paragraph__value="<p>…</p>"``."""

    value = "<p>征信报告是个人信用的“经济身份证”，每年可以免费查询两次。</p>"

    class Meta:
        model = wagtail_blocks.RichTextBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return RichText(kwargs["value"])


class SafeHTMLBlockFactory(wagtail_factories.blocks.BlockFactory):
    """Imported HTML; the block sanitises it the way the admin would."""

    value = '<p>来源：<a href="https://www.12321.cn/">12321 网络不良与垃圾信息举报受理中心</a></p>'

    class Meta:
        model = blocks.SafeHTMLBlock

    @classmethod
    def _construct_block(cls, block_class, *args, **kwargs):
        return block_class().to_python(kwargs["value"])


class HeadingBlockFactory(wagtail_factories.StructBlockFactory):
    text = "先弄清楚：什么是个人信用报告"
    level = "h2"

    class Meta:
        model = blocks.HeadingBlock


class ImageChooserBlockFactory(wagtail_factories.ImageChooserBlockFactory):
    image = factory.SubFactory(ImageFactory)


class ImageBlockFactory(wagtail_factories.StructBlockFactory):
    image = factory.SubFactory(ImageChooserBlockFactory)
    caption = "个人信用报告样例（示意）"
    alt = "一份个人信用报告的首页"

    class Meta:
        model = blocks.ImageBlock


class CalloutBlockFactory(wagtail_factories.StructBlockFactory):
    kind = "warning"
    title = "警示"
    body = factory.LazyFunction(lambda: RichText("<p>任何要求先交“保证金”“解冻费”的贷款，都是诈骗。</p>"))

    class Meta:
        model = blocks.CalloutBlock


class KeyPointsBlockFactory(wagtail_factories.StructBlockFactory):
    title = "记住三点"
    points = wagtail_factories.ListBlockFactory(wagtail_factories.CharBlockFactory)
    points__0__value = "不点陌生链接"
    points__1__value = "不透露验证码"
    points__2__value = "不向陌生账户转账"

    class Meta:
        model = blocks.KeyPointsBlock


class QuizBlockFactory(wagtail_factories.StructBlockFactory):
    question = "自称“客服”的人要你把钱转到“安全账户”，应该怎么做？"
    choices = wagtail_factories.ListBlockFactory(wagtail_factories.CharBlockFactory)
    choices__0__value = "照做，保证资金安全"
    choices__1__value = "挂断电话，拨打 96110 核实"
    choices__2__value = "先转一半试试"
    answer = "B"
    explanation = factory.LazyFunction(lambda: RichText("<p>公检法和银行都没有所谓的“安全账户”。</p>"))

    class Meta:
        model = blocks.QuizBlock


class HotlineBlockFactory(wagtail_factories.StructBlockFactory):
    hotline = factory.LazyFunction(lambda: Hotline.objects.get(number="96110"))
    note = "接到可疑电话，先打 96110 核实"

    class Meta:
        model = blocks.HotlineBlock


class CaseStudyReferenceBlockFactory(wagtail_factories.StructBlockFactory):
    """A reference to the newest case study; pass ``case_study=`` to choose one."""

    case_study = factory.LazyFunction(lambda: CaseStudyPage.objects.order_by("-pk").first())
    note = "看看真实案例是怎么发生的"

    class Meta:
        model = blocks.CaseStudyReferenceBlock


class TableBlockFactory(wagtail_factories.StructBlockFactory):
    caption = "同样借 1 万元、分 12 期，成本差多少"
    table = factory.LazyFunction(
        lambda: {
            "first_row_is_table_header": True,
            "first_col_is_header": False,
            "data": [
                ["还款方式", "名义月费率", "年化利率（约）"],
                ["等额本息", "0.5%", "10.8%"],
                ["每月手续费", "0.75%", "16.1%"],
            ],
        }
    )

    class Meta:
        model = blocks.TableBlock


class BodyBlockFactory(wagtail_factories.StreamBlockFactory):
    """Every block of `BodyBlock`, each with believable default content."""

    paragraph = factory.SubFactory(RichTextBlockFactory)
    heading = factory.SubFactory(HeadingBlockFactory)
    image = factory.SubFactory(ImageBlockFactory)
    callout = factory.SubFactory(CalloutBlockFactory)
    key_points = factory.SubFactory(KeyPointsBlockFactory)
    quiz = factory.SubFactory(QuizBlockFactory)
    hotline = factory.SubFactory(HotlineBlockFactory)
    case_study = factory.SubFactory(CaseStudyReferenceBlockFactory)
    table = factory.SubFactory(TableBlockFactory)
    html = factory.SubFactory(SafeHTMLBlockFactory)

    class Meta:
        model = blocks.BodyBlock


# Pages


class HomePageFactory(wagtail_factories.PageFactory):
    """A home page; the database already has one (a migration makes it), so use it when you can."""

    title = "金融常识"
    slug = factory.Sequence(lambda n: f"home-{n}")
    intro = "读懂征信、理性借贷、远离洗钱、识破诈骗。"

    class Meta:
        model = HomePage


class ColumnPageFactory(wagtail_factories.PageFactory):
    """A column; the title and slug follow ``column_key`` (征信 by default)."""

    column_key = "credit"
    title = factory.LazyAttribute(lambda o: COLUMN_TITLES[o.column_key])
    slug = factory.LazyAttribute(lambda o: COLUMN_SLUGS[o.column_key])
    intro = "了解个人信用报告怎么查、怎么读，不良记录怎么产生，以及为什么“征信修复”是骗局。"
    colour = "#0B5CAD"
    icon = "report"

    class Meta:
        model = ColumnPage


class ArticlePageFactory(wagtail_factories.PageFactory):
    """An article with a heading, a paragraph and a quiz unless ``body__…`` says otherwise."""

    title = factory.Sequence(lambda n: f"个人信用报告怎么查（{n}）")
    slug = factory.Sequence(lambda n: f"article-{n}")
    summary = "每人每年可以免费查询两次个人信用报告，线上线下都可以查。"
    author = "消保团队"
    body = wagtail_factories.StreamFieldFactory(BodyBlockFactory)
    body__0 = "heading"
    body__1 = "paragraph"
    body__2 = "quiz"

    class Meta:
        model = ArticlePage


class CaseStudyPageFactory(wagtail_factories.PageFactory):
    """A case study with all five sections filled in, tied to the seeded 刷单返利 type."""

    title = factory.Sequence(lambda n: f"“刷单返利”骗走 3.8 万元（{n}）")
    slug = factory.Sequence(lambda n: f"case-study-{n}")
    summary = "先返小额佣金取得信任，再以“任务卡单”为由诱骗大额垫付。"
    fraud_type = factory.LazyFunction(lambda: FraudType.objects.get(slug="shuadan-fanli"))
    loss_amount = decimal.Decimal("38000.00")
    region = "浙江杭州"
    occurred_on = datetime.date(2025, 3, 8)
    story = "<p>小王在社交平台看到“点赞返佣”的兼职，前三单都收到了返利。</p>"
    technique = "<p>骗子用小额返利取得信任，再以“连单任务”要求大额垫付。</p>"
    red_flags = "<p>要求先垫钱、返利异常高、只在私人聊天软件里沟通。</p>"
    prevention = "<p>刷单本身就是违法行为；凡是要求先垫付的兼职都是诈骗。</p>"
    aftermath = "<p>立即拨打 110 报警，保存聊天记录和转账凭证。</p>"
    body = wagtail_factories.StreamFieldFactory(BodyBlockFactory)

    class Meta:
        model = CaseStudyPage


class BulletinPageFactory(wagtail_factories.PageFactory):
    """A weekly bulletin whose dates follow its issue number (issue N starts N weeks after a Monday)."""

    issue_number = factory.Sequence(lambda n: n + 1)
    title = factory.LazyAttribute(lambda o: f"防范电信网络诈骗周报 第 {o.issue_number} 期")
    slug = factory.LazyAttribute(lambda o: f"bulletin-{o.issue_number}")
    week_start = factory.LazyAttribute(
        lambda o: datetime.date(2025, 1, 6) + datetime.timedelta(weeks=o.issue_number)
    )
    week_end = factory.LazyAttribute(lambda o: o.week_start + datetime.timedelta(days=6))
    summary = "本周“虚假网络贷款”案件高发，借款前务必核实平台资质。"
    lead_warning = "近期有骗子冒充贷款平台客服，以“解冻费”“保证金”为名要求转账，正规贷款放款前不收任何费用。"
    tip_of_week = "陌生来电说你“征信有问题”，挂断后拨打 96110 核实。"
    body = wagtail_factories.StreamFieldFactory(BodyBlockFactory)
    alerts = factory.LazyFunction(
        lambda: [
            BulletinAlert(
                fraud_type=FraudType.objects.get(slug="fake-loan"),
                title="“无抵押秒到账”是陷阱",
                body="正规贷款不会在放款前收取任何费用，要求先交钱的一律是诈骗。",
            )
        ]
    )

    class Meta:
        model = BulletinPage


def build_site_tree() -> dict:
    """Build the four columns under the default site's home page and return the tree by name.

    Returns ``{"home": HomePage, "credit": ColumnPage, "loans": …, "aml": …, "antifraud": …}``.
    """
    home = HomePage.objects.get()
    tree: dict = {"home": home}
    for key, _label in COLUMN_CHOICES:
        tree[key] = ColumnPageFactory(
            parent=home, column_key=key, icon="alert" if key == COLUMN_ANTIFRAUD else "report"
        )
    return tree
