"""Benchmark content for a database without `manage.py seed_demo`: a column and two long articles.

benchmarks/serve.py runs it (`python benchmarks/seed_articles.py`, with the same environment
as the server) only when the project has no seed_demo command. It is idempotent: pages
that exist are left alone. The articles are as long and as mixed as a real explainer:
headings, a dozen paragraphs, a callout, a key-points list, a quiz and a hotline card.
"""

import os
import sys
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(REPO))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.production")

import django  # noqa: E402

django.setup()

from wagtail.models import Site  # noqa: E402

from content.models import ArticlePage, ColumnPage, Hotline  # noqa: E402

PARAGRAPHS = [
    "个人信用报告是中国人民银行征信中心出具的、记录个人信用活动的文件，"
    "它像一份“经济身份证”，银行、消费金融公司在决定是否借钱给你、借多少、利率多少时，都会查看它。",
    "一份信用报告主要包括个人基本信息、信贷交易信息、公共信息和查询记录四个部分。"
    "信贷交易信息记录了你名下的贷款、信用卡的额度、余额和每个月的还款情况，是报告中最重要的内容。",
    "逾期记录会在还清欠款之日起保留五年。五年之后自动删除，任何机构和个人都无权提前删除，"
    "所谓“花钱就能洗白征信”“内部渠道修复征信”的说法，都是骗局。",
    "查询记录分为“机构查询”和“本人查询”。短时间内多家机构因贷款审批查询你的报告，"
    "会被认为资金紧张，可能影响下一次借款审批；本人查询不会对信用产生负面影响。",
    "每人每年可以通过中国人民银行征信中心官网、商业银行网银或手机银行免费查询两次本人信用报告，"
    "也可以携带身份证到征信中心分支机构或自助查询机查询。",
    "如果发现报告中的信息有错误，例如从未办理过的信用卡、已经还清却仍显示逾期的贷款，"
    "可以向征信中心或报送数据的金融机构提出异议，对方应当在二十日内答复。",
    "保持良好信用其实不难：按时足额还款，信用卡至少还最低还款额，不为他人提供担保前先想清楚，"
    "不随意把身份证、银行卡借给别人办理业务。",
    "特别要警惕以“注销校园贷”“消除不良记录”为名的电话。对方往往冒充平台客服，"
    "声称你的账户不注销会影响征信，再一步步诱导你在多个平台贷款并把钱转到所谓的“安全账户”。",
    "正规机构不会要求你通过转账来“验证还款能力”或“解冻账户”，遇到这样的要求，请立即挂断电话，"
    "拨打全国反诈专线 96110 或所在银行的官方客服电话核实。",
    "在网上申请贷款之前，先确认平台是否持有金融监管部门颁发的牌照，仔细阅读合同中的年化利率和各项费用，"
    "任何在放款前收取“手续费”“保证金”的，都是诈骗。",
    "如果已经上当受骗，请第一时间保存聊天记录、转账凭证等证据，拨打 110 报警，"
    "并联系银行尝试止付，越快处理，追回资金的可能越大。",
    "最后，请把这些知识讲给家里的老人和孩子听。诈骗分子专挑信息不对称的人下手，"
    "多一个人知道，就少一个人受骗。",
]


def article_body(hotline_id: int) -> list[dict]:
    body = [{"type": "heading", "value": {"text": "先弄清楚：什么是个人信用报告", "level": "h2"}}]
    for index, text in enumerate(PARAGRAPHS):
        if index == 4:
            body.append({"type": "heading", "value": {"text": "怎样查询和纠错", "level": "h2"}})
        if index == 7:
            body.append(
                {
                    "type": "callout",
                    "value": {
                        "kind": "warning",
                        "title": "警惕“征信修复”",
                        "body": "<p>逾期记录无法花钱删除，声称能“修复征信”的都是骗子。</p>",
                    },
                }
            )
        body.append({"type": "paragraph", "value": f"<p>{text}</p>"})
    body.append(
        {
            "type": "key_points",
            "value": {
                "title": "记住三点",
                "points": ["每年可免费查询两次", "逾期记录保留五年，不能花钱删除", "有错误可以申请异议"],
            },
        }
    )
    body.append(
        {
            "type": "quiz",
            "value": {
                "question": "有人打电话说可以花钱帮你删除征信上的逾期记录，你应该怎么做？",
                "choices": ["付钱让对方处理", "挂断电话，拨打 96110 核实", "先付一半定金"],
                "answer": "B",
                "explanation": "<p>逾期记录自还清之日起保留五年，任何人都无权提前删除。</p>",
            },
        }
    )
    body.append({"type": "hotline", "value": {"hotline": hotline_id, "note": "遇到可疑电话，先核实再行动"}})
    return body


def main() -> None:
    home = Site.objects.get(is_default_site=True).root_page.specific
    column = ColumnPage.objects.filter(column_key="credit").first()
    if column is None:
        column = ColumnPage(
            title="征信", slug="zhengxin", column_key="credit", intro="读懂信用报告，守护信用记录。"
        )
        home.add_child(instance=column)
        column.save_revision().publish()
    hotline = Hotline.objects.order_by("sort_order", "id").first()
    for number, slug in ((1, "xinyong-baogao"), (2, "xinyong-baogao-2")):
        if ArticlePage.objects.filter(slug=slug).exists():
            continue
        article = ArticlePage(
            title=f"一文读懂个人信用报告（{number}）",
            slug=slug,
            summary="信用报告记录了什么、逾期记录保留多久、怎样免费查询和纠错，以及如何识破“征信修复”骗局。",
            body=article_body(hotline.pk),
        )
        column.add_child(instance=article)
        article.save_revision().publish()


if __name__ == "__main__":
    main()
