"""Reader pages with real text for the search and answer-desk tests."""

import pytest

from content.factories import ArticlePageFactory, CaseStudyPageFactory


def publish(page):
    page.save_revision().publish()
    page.refresh_from_db()
    return page


def article(parent, *, title, text, summary=""):
    page = ArticlePageFactory(parent=parent, title=title, summary=summary, body__1__paragraph__value=f"<p>{text}</p>")
    return publish(page)


@pytest.fixture
def library(site_tree):
    """A few pages of reader content, each answering a question the tests ask."""
    case = publish(CaseStudyPageFactory(
        parent=site_tree["antifraud"],
        title="兼职刷单返利，三天被骗 3.8 万元",
        summary="先返小额佣金取得信任，再以“任务卡单”为由诱骗大额垫付。",
        aftermath="<p>发现被骗后，立即拨打 110 报警，并保存聊天记录和转账凭证。</p>",
    ))
    repair = article(
        site_tree["credit"],
        title="征信“修复”都是骗局",
        summary="准确的逾期记录谁也删不掉。",
        text="所谓“征信修复”“征信洗白”都是骗局：逾期记录在结清后保留五年，任何机构都无权删除。",
    )
    overdue = article(
        site_tree["credit"],
        title="逾期记录保存多久",
        text="网贷和信用卡逾期都会上报征信。不良信息自欠款还清之日起保存 5 年，期满自动删除。",
    )
    upfront = article(
        site_tree["loans"],
        title="警惕“砍头息”：借 1 万到手 8 千",
        text="借款时先从本金里扣掉利息，叫砍头息。借 1 万只到手 8 千，利息却按 1 万算，这种做法不受法律保护。",
    )
    cards = article(
        site_tree["aml"],
        title="出租出借银行卡，可能触犯帮信罪",
        text="把银行卡借给朋友或陌生人使用，可能被用于洗钱和诈骗转账，卡主要承担法律责任。",
    )
    return {"case": case, "repair": repair, "overdue": overdue, "upfront": upfront, "cards": cards, "tree": site_tree}
