"""The four demo columns (栏目): key, slug, title, intro, colour and icon."""

COLUMNS = [
    {
        "column_key": "credit",
        "slug": "credit",
        "title": "征信",
        "colour": "#0B5CAD",
        "icon": "report",
        "intro": (
            "个人信用报告记录着你的借款和还款情况，影响房贷、车贷和信用卡的审批。"
            "这里讲清楚怎么免费查询、怎么读懂报告、记录有误怎么办，"
            "以及为什么花钱“修复征信”都是骗局。"
        ),
    },
    {
        "column_key": "loans",
        "slug": "loans",
        "title": "信贷",
        "colour": "#0F766E",
        "icon": "loan",
        "intro": (
            "借钱之前先算清成本：年化利率怎么看、还款方式怎么选、哪些收费不合法、"
            "信用卡分期到底贵不贵。理性借贷，量入为出。"
        ),
    },
    {
        "column_key": "aml",
        "slug": "aml",
        "title": "反洗钱",
        "colour": "#6D28D9",
        "icon": "shield",
        "intro": (
            "洗钱离普通人并不远：出租出借银行卡、帮人“跑分”、替陌生人收款转账，"
            "都可能卷入洗钱和帮助信息网络犯罪活动。了解规则，守好自己的账户。"
        ),
    },
    {
        "column_key": "antifraud",
        "slug": "antifraud",
        "title": "反诈骗",
        "colour": "#C8102E",
        "icon": "alert",
        "intro": (
            "识破电信网络诈骗的常见套路：刷单返利、虚假投资理财、冒充客服和公检法、"
            "“杀猪盘”……每周发布防诈周报，用真实风格的案例讲清骗局怎么来、怎么防、被骗后怎么办。"
        ),
    },
]
