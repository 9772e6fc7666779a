"""Page builders and sample content shared by the render tests.

Pages come from the content factories, filled with realistic bulletin and case-study text so
that the posters look like the real thing and exercise line breaking.
"""

import datetime
import shutil
from contextlib import contextmanager

from django.core.cache import cache
from django.db import connection, transaction

from content.factories import BulletinPageFactory, CaseStudyPageFactory
from content.models import BulletinAlert, FraudType

SAMPLE_ALERTS = [
    ("刷单返利", "“点赞返佣金”兼职，先返小钱再骗大钱",
     "骗子在社交群里招募“点赞员”，前几单按时返还佣金。等你投入变大，就以“任务未完成”“账户冻结”为由要求继续垫付，最终拉黑跑路。凡是要求先垫付资金的兼职，都是诈骗。"),
    ("冒充电商物流客服", "“快递丢失要理赔”，开启屏幕共享就中招",
     "自称快递客服来电，称你的包裹丢失要双倍赔偿，引导你下载会议软件、开启屏幕共享，再趁机看到银行卡号和验证码。正规客服不会要求共享屏幕，更不会索要验证码。"),
    ("虚假网络贷款", "“无抵押、秒到账”，放款前先交解冻费",
     "不法分子冒充贷款平台，以“流水不足”“银行卡号填错被冻结”为由，要求先交保证金、解冻费。正规贷款机构在放款前不会收取任何费用，请通过官方渠道申请贷款。"),
    ("冒充公检法", "“你涉嫌洗钱”，要把钱转到安全账户",
     "对方自称警官，出示“通缉令”，要求你配合调查并把资金转入所谓“安全账户”。公检法机关不会通过电话办案，也没有“安全账户”，接到此类电话请立即挂断并拨打 110 核实。"),
    ("虚假征信", "“注销校园贷，否则影响征信”",
     "骗子冒充平台客服，称你大学期间开通过校园贷，如不注销会影响征信，诱导你在多个平台借款后转入指定账户。个人征信不能“修复”，也无需“注销”，有疑问请向人民银行征信中心查询。"),
]

# Closing punctuation that must never start a line (Chinese line-breaking rules).
NO_LINE_START = "。，、；：？！）」』”"
# Text dense in such punctuation, so that some of it lands at the end of a full line.
PUNCTUATED = "接到电话，先挂断；再核实：对方是谁？要你转账吗！不转（绝不）。" * 5


@contextmanager
def rolled_back(django_db_blocker):
    """Run a block against the test database and undo everything it wrote, and empty the cache.

    The module using it must be marked `django_db`, or pytest-django sets up no test
    database; the check below refuses to touch any database not named like a test one.
    """
    try:
        with django_db_blocker.unblock(), transaction.atomic():
            name = str(connection.settings_dict["NAME"])
            if "memorydb" not in name and not name.rsplit("/", 1)[-1].startswith("test"):
                raise RuntimeError(f"refusing to build test pages in {name}: mark the module django_db")
            yield
            transaction.set_rollback(True)
    finally:
        # What was cached about the rows undone (an image's renditions, keyed by its id) is stale:
        # a later test's row may get the same id.
        cache.clear()


def make_bulletin(column, *, issue=12, alerts=SAMPLE_ALERTS, **fields):
    """A published bulletin with the five sample alerts (or `alerts`); `fields` override the rest."""
    values = {
        "issue_number": issue,
        "title": f"警惕刷单返利和冒充客服 · 第{issue}期",
        "week_start": datetime.date(2025, 6, 2) + datetime.timedelta(weeks=issue - 12),
        "summary": "本周高发：刷单返利、冒充客服退款、虚假贷款。",
        "lead_warning": (
            "本周全市接报电信网络诈骗警情中，刷单返利类占比最高，冒充电商物流客服类损失金额最大。"
            "请牢记：凡是让你先垫付的兼职都是诈骗；凡是要求共享屏幕、索要验证码的客服都是骗子。"
        ),
        "tip_of_week": "陌生来电说“你涉嫌犯罪”“包裹丢失要赔偿”，先挂断，再通过官方渠道核实。不点陌生链接，不下载陌生软件，不向陌生账户转账。",
        "alerts": [
            BulletinAlert(fraud_type=FraudType.objects.get(name=name), title=title, body=body, sort_order=order)
            for order, (name, title, body) in enumerate(alerts)
        ],
    }
    values.update(fields)
    page = BulletinPageFactory(parent=column, **values)
    page.save_revision().publish()
    return page


def make_case_study(column, **fields):
    """A published case study with all five sections, about a screen-sharing scam."""
    values = {
        "title": "“快递理赔”电话背后：一次屏幕共享被骗 4.8 万元",
        "slug": "case-screen-share",
        "summary": "冒充快递客服以理赔为名诱导屏幕共享，是近期损失最大的诈骗手法之一。",
        "fraud_type": FraudType.objects.get(name="冒充电商物流客服"),
        "loss_amount": "48000.00",
        "region": "浙江杭州",
        "occurred_on": datetime.date(2025, 5, 18),
        "story": (
            "<p>5 月 18 日，市民王女士接到自称“快递客服”的电话，对方准确报出了她的姓名、手机号和一笔网购订单，"
            "称包裹在运输中丢失，可以获得双倍赔偿。</p><p>对方让她下载一款会议软件并开启屏幕共享，"
            "“指导”她在手机银行里操作“理赔”。半小时内，王女士的银行卡被转走 4.8 万元。</p>"
        ),
        "technique": "<ul><li>非法获取网购订单信息，冒充客服取得信任；</li><li>以“双倍赔偿”为诱饵；</li>"
                     "<li>诱导下载会议软件、开启屏幕共享，窃取验证码和银行卡信息。</li></ul>",
        "red_flags": "<ul><li>主动来电说要给你赔钱；</li><li>要求下载陌生软件或开启屏幕共享；</li><li>索要短信验证码。</li></ul>",
        "prevention": "<p>理赔、退款请在购物平台的官方渠道办理；任何时候都不要向他人透露验证码，不要在通话中开启屏幕共享。</p>",
        "aftermath": "<p>立即拨打 <b>96110</b> 或 110 报警，保存通话记录和转账凭证，并第一时间联系银行冻结账户。</p>",
    }
    values.update(fields)
    page = CaseStudyPageFactory(parent=column, **values)
    page.save_revision().publish()
    return page


def have(program: str) -> bool:
    return shutil.which(program) is not None
