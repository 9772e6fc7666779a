"""How long the compliance checks take on a realistic 10,000-character article, against a 50 ms budget.

Run from the project root::

    .venv/bin/python benchmarks/compliance.py [--runs 200]

It prints the median (and best) time of `check_text` on the article as one text, of
`check_segments` on the same article split into blocks the way a page's StreamField
holds it, and of a worst case dense with claims, each with its ratio to the budget.
"""

import argparse
import os
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
os.environ.setdefault("DJANGO_SETTINGS_MODULE", "cms.settings.dev")

import django  # noqa: E402

django.setup()

from content.compliance import check_segments, check_text, default_rules, load_rules  # noqa: E402
from content.compliance.loading import rules_file_path  # noqa: E402

BUDGET_MS = 50.0
ARTICLE_CHARS = 10_000

# Paragraphs in the voice of the four columns: explanations, numbers and dates, a quoted
# scammer, a quiz-like question, a risk warning, a few slips an editor really makes.
PARAGRAPHS = [
    "个人信用报告是中国人民银行征信中心出具的记录，反映你过去五年的借款、还款和信用卡使用情况。"
    "查询本人信用报告，可以登录征信中心官网，也可以到商业银行网点的自助查询机办理，每年有 2 次免费机会。",
    "很多人以为“查一次征信就会变差”，其实本人查询不会影响信用评分；真正需要注意的是短期内被多家机构"
    "以“贷款审批”为由频繁查询，这会让下一家机构担心你资金紧张。",
    "借款前，请看清合同里的年化利率。日息万分之五看起来很低，换算成年化利率就是 18.25%；"
    "再加上服务费、担保费，实际成本可能更高。按照规定，贷款产品应当以年化利率的形式明示借款成本。",
    "最近，不少市民接到自称“投资导师”的电话，对方声称掌握内部消息，保证“稳赚不赔”，"
    "先让受害人小额投资尝到甜头，再诱导其在虚假平台上大额充值，最后平台无法提现。",
    "凡是承诺保本高收益的都是诈骗。正规金融机构销售理财产品，都会做风险测评，并提示可能亏损。",
    "案例：2024年3月，杭州的王女士在交友软件上认识了一位“成功人士”，对方以带她理财为名，"
    "让她下载一个App，前两次提现都很顺利，第三次充值20万元后，账户被冻结，客服称要交“解冻费”。",
    "识别要点：第一，陌生人主动推荐的投资平台不要碰；第二，要求先交保证金、解冻费的都是骗局；"
    "第三，任何人以“安全账户”为由要你转账，一律是诈骗。最好不要在陌生链接里填写银行卡信息。",
    "遇到可疑情况，第一时间拨打96110，或者向当地公安机关报案，并保留好聊天记录、转账凭证。",
    "反洗钱是每个人的责任。出租、出借、出售自己的银行卡和支付账户，可能被不法分子用来转移赃款，"
    "轻则账户被限制，重则承担刑事责任。",
    "信用卡分期的手续费率看起来只有 0.6%，但手续费按初始本金收取，折合年化利率接近 13%。"
    "办理分期前，请让银行告诉你年化利率是多少。",
    "我们的消保专线 400-820-0000 每天 9:00–21:00 有人接听，可以咨询借款、反映问题。"
    "投资有风险，理财需谨慎。",
    "问：有人在群里推荐“保本高收益”的理财产品，你应该怎么做？答：不相信、不转账，并向 96110 举报。",
]

DENSE = (
    "近期，不少市民接到自称“投资导师”的电话，对方声称有内部消息，保本高收益，稳赚不赔。"
    "我们提醒大家：凡是承诺保本高收益的都是诈骗。借款时请看清年化利率，2024年3月5日起，"
    "拨打96110咨询。最好不要点击陌生链接，第一时间挂断电话。"
    "中国人民银行征信中心是查询个人信用报告的唯一官方渠道。\n"
)


def build_article(paragraphs: list[str], chars: int) -> str:
    """Repeat the paragraphs, one per line, to exactly `chars` characters."""
    text = ""
    index = 0
    while len(text) < chars:
        text += paragraphs[index % len(paragraphs)] + "\n"
        index += 1
    return text[:chars]


def timed(function, runs: int) -> tuple[float, float, object]:
    """Median and best wall time in milliseconds of `runs` calls, and the last result."""
    times = []
    result = None
    for _ in range(runs):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), min(times), result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=200, help="how many times to check each text")
    runs = parser.parse_args().runs

    started = time.perf_counter()
    load_rules(rules_file_path())
    load_ms = (time.perf_counter() - started) * 1000
    rules = default_rules()

    article = build_article(PARAGRAPHS, ARTICLE_CHARS)
    blocks = [(line, "body") for line in article.split("\n")]
    dense = build_article([DENSE], ARTICLE_CHARS)
    cases = [
        ("article, one text", lambda: check_text(article, rules=rules)),
        (f"article, {len(blocks)} blocks", lambda: check_segments(blocks, rules=rules)),
        ("dense worst case", lambda: check_text(dense, rules=rules)),
    ]

    print(f"rules: {len(rules.rules)} loaded and compiled in {load_ms:.1f} ms (once per process)")
    print(f"text: {len(article)} characters; {runs} runs each; budget {BUDGET_MS:.0f} ms")
    print(f"{'case':<22} {'findings':>8} {'median ms':>10} {'best ms':>8} {'median/budget':>14}")
    for name, function in cases:
        function()
        median, best, findings = timed(function, runs)
        print(
            f"{name:<22} {len(findings):>8} {median:>10.2f} {best:>8.2f} {median / BUDGET_MS:>14.3f}"
        )


if __name__ == "__main__":
    main()
