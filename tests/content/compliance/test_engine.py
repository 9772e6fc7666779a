"""Tests for content/compliance/engine.py: what each rule category flags and what it must leave alone."""

import pytest

from content.compliance import check_segments, check_text

# Appended to texts that are about one rule, so the document-level disclosure rules stay quiet.
DISCLOSED = "\n投资有风险，理财需谨慎。借款年化利率以合同为准。"


def hits(text: str, context: str = "body", *, category: str | None = None) -> list[tuple[str, str]]:
    """(rule id, matched text) of every finding, optionally of one category only."""
    return [
        (finding.rule_id, finding.text)
        for finding in check_text(text, context=context)
        if category is None or finding.category == category
    ]


def claims(text: str, context: str = "body") -> list[tuple[str, str]]:
    """Findings of the three claim categories (absolute, returns, authority) in a text."""
    return [
        hit
        for hit in hits(text + DISCLOSED, context)
        if hit[0].split(".")[0] in {"absolute", "returns", "authority"}
    ]


class TestFinding:
    def test_offsets_and_fields(self):
        text = "欢迎了解本产品：保本保息，详情请咨询。" + DISCLOSED
        (finding,) = [f for f in check_text(text) if f.rule_id == "returns.guaranteed"]
        assert (finding.start, finding.end) == (8, 12)
        assert text[finding.start : finding.end] == finding.text == "保本保息"
        assert finding.category == "承诺收益"
        assert finding.severity == "错误" and finding.is_error
        assert "投资有风险" in finding.message
        assert finding.as_dict() == {
            "rule": "returns.guaranteed",
            "category": "承诺收益",
            "severity": "错误",
            "start": 8,
            "end": 12,
            "text": "保本保息",
            "message": finding.message,
        }

    def test_clean_text_has_no_findings(self):
        assert check_text("查询个人信用报告，每年有两次免费机会。") == []

    def test_findings_are_in_text_order(self):
        findings = check_text("顶级平台，保本保息，国家认证。" + DISCLOSED)
        assert [f.start for f in findings] == sorted(f.start for f in findings)
        assert [f.rule_id for f in findings] == [
            "absolute.grade",
            "returns.guaranteed",
            "authority.endorsement",
        ]

    def test_unknown_context_is_refused(self):
        with pytest.raises(ValueError, match="poster"):
            check_text("保本", context="poster")

    def test_empty_text(self):
        assert check_text("") == []


class TestAbsoluteTerms:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("我们提供最低利率的贷款。", [("absolute.superlative", "最低")]),
            ("这是市场上最好的理财产品。", [("absolute.superlative", "最好")]),
            ("堪称最安全的平台。", [("absolute.superlative", "最安全")]),
            # One problem, one finding: 全网最 and 最划算 share 最.
            ("全网最划算。", [("absolute.superlative", "全网最划算")]),
            ("全网最低利率。", [("absolute.superlative", "全网最低")]),
            ("我们是行业第一的借款平台。", [("absolute.ranking", "第一")]),
            ("销量No.1，口碑TOP1。", [("absolute.ranking", "No.1"), ("absolute.ranking", "TOP1")]),
            ("我们是全国领先的消费金融公司。", [("absolute.ranking", "全国领先")]),
            ("国家级风控，顶级服务。", [("absolute.grade", "国家级"), ("absolute.grade", "顶级")]),
            ("资金100%安全。", [("absolute.grade", "100%安全")]),
            ("绝对安全，放心借。", [("absolute.grade", "绝对安全")]),
            ("本平台是唯一持牌的借款平台。", [("absolute.exclusive", "唯一")]),
            # Near the ordinals, questions and criticisms below, the claims still count.
            ("我们是行业第一名。", [("absolute.ranking", "第一")]),
            ("行业第一，百万用户的选择。", [("absolute.ranking", "第一")]),
            ("为什么我们的利率最低？", [("absolute.superlative", "最低")]),
            ("凭什么说我们最安全？", [("absolute.superlative", "最安全")]),
            ("哪家平台的利率最低？当然是我们。", [("absolute.superlative", "最低")]),
            ("选我们，最安全！", [("absolute.superlative", "最安全")]),
            ("完美的借款体验。", [("absolute.exclusive", "完美")]),
        ],
    )
    def test_flagged(self, text, expected):
        assert claims(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "最近有骗子冒充客服。",
            "最好不要点击陌生链接。",
            "最好先拨打 96110 核实。",
            "最后，记得保留转账凭证。",
            "每月最少还款多少，要看合同。",
            "第一步，挂断电话。",
            "第一时间拨打 96110。",
            "第一次借款前，请先了解年化利率。",
            "第一，不要点击陌生链接；第二，不要透露验证码。",
            "最安全的做法是挂断电话。",
            "最大的风险是个人信息泄露。",
            "最高人民法院公布了失信被执行人名单。",
            "信用卡最低还款额不等于免息。",
            "征信中心官网是查询信用报告的唯一官方渠道。",
            "逾期记录不会永久保存。",
            "凡是自称“全国第一”的平台都要当心。",
            # Larger ordinals: articles of a law, issues, sessions
            "《中华人民共和国刑法》第一百九十一条规定了洗钱罪。",
            "《民法典》第一千零九十二条。",
            "这是防诈周报的第一百期。",
            "第一届金融知识竞赛。",
            # A quiz question asks which is safest; it claims nothing.
            "下面哪种做法最安全？",
            "哪一种还款方式的总利息最低？",
            "你觉得什么样的借款最划算？",
            # Calling something too perfect is a warning sign, not praise.
            "照片过于完美，总以各种理由拒绝见面。",
            "看似完美的人设。",
        ],
    )
    def test_not_flagged(self, text):
        assert claims(text) == []

    def test_unique_is_only_a_warning(self):
        (finding,) = [
            f for f in check_text("独家渠道" + DISCLOSED) if f.rule_id == "absolute.exclusive"
        ]
        assert finding.severity == "提醒" and not finding.is_error


class TestPromisedReturns:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("本产品保本保息，收益稳定。", [("returns.guaranteed", "保本保息")]),
            (
                "稳赚不赔，零风险。",
                [("returns.guaranteed", "稳赚不赔"), ("returns.guaranteed", "零风险")],
            ),
            ("加入我们，轻松日赚500元。", [("returns.guaranteed", "日赚500")]),
            ("不少人追求高收益，我们帮你实现。", [("returns.guaranteed", "高收益")]),
            ("没有门槛的保本理财。", [("returns.guaranteed", "保本")]),
            ("我们的产品稳赚不赔，绝不是骗局。", [("returns.guaranteed", "稳赚不赔")]),
            (
                "秒批秒到账，不看征信！",
                [("returns.loan_promise", "秒批秒到账"), ("returns.loan_promise", "不看征信")],
            ),
        ],
    )
    def test_company_voice_is_flagged(self, text, expected):
        assert claims(text) == expected

    @pytest.mark.parametrize(
        ("text", "red_flag"),
        [
            ("无需征信，手机号就能借。", "无需征信"),
            ("不看征信，大额放款。", "不看征信"),
            ("黑户可贷，当天到账。", "黑户可贷"),
            ("极速审批，秒批秒到。", "秒批秒到"),
            ("不需要征信，有身份证就行。", "不需要征信"),
            ("征信不好也能贷，快来申请。", "征信不好也能贷"),
        ],
    )
    def test_loan_red_flags_are_caught_once_each(self, text, red_flag):
        assert claims(text) == [("returns.loan_promise", red_flag)]

    @pytest.mark.parametrize(
        "text",
        [
            "凡是声称无需征信、黑户可贷的，都是诈骗。",
            "警惕“秒批秒到”的贷款广告。",
            "骗子称不看征信，先交保证金。",
            "正规贷款不可能无需征信。",
        ],
    )
    def test_loan_red_flags_in_a_warning_are_not_claims(self, text):
        assert claims(text) == []

    def test_a_loan_article_is_advised_about_loans_not_investments(self):
        (loans,) = [f for f in check_text("零风险借款。" + DISCLOSED, column="loans") if f.category == "承诺收益"]
        (elsewhere,) = [f for f in check_text("零风险借款。" + DISCLOSED) if f.category == "承诺收益"]
        assert "投资有风险" in elsewhere.message
        assert "投资" not in loans.message and "年化利率" in loans.message

    def test_the_longest_overlapping_term_is_reported_once(self):
        assert claims("稳赚不赔") == [("returns.guaranteed", "稳赚不赔")]


class TestQuoting:
    @pytest.mark.parametrize(
        "text",
        [
            "骗子称投资稳赚不赔，保本高收益。",
            "对方声称：“保本高收益”，还说每天日赚500元。",
            "对方在电话里声称能保本。",
            "有人在群里推荐高收益的理财，你该怎么办？",
            "王先生称，对方承诺月入过万。",
            "骗子冒充公安机关，称受害人涉嫌洗钱，可以“国家认证”的安全账户保本。",
            "他们号称年化收益稳赚不赔。",
            "所谓保本理财，其实是骗局。",
            "警惕“稳赚不赔”的说法。",
            "所谓「零风险」，只是话术。",
            "群里流传着『保本保息』的说法。",
        ],
    )
    def test_reported_speech_is_not_a_claim(self, text):
        assert claims(text) == []

    def test_quote_ends_with_the_sentence(self):
        assert claims("骗子称稳赚不赔。我们的产品保本保息。") == [
            ("returns.guaranteed", "保本保息")
        ]

    def test_so_called_quotes_only_its_clause(self):
        assert claims("所谓保本理财，我们保息。") == [("returns.guaranteed", "保息")]

    def test_unclosed_quotation_quotes_nothing(self):
        assert claims("我们承诺“保本保息，放心投资。") == [("returns.guaranteed", "保本保息")]

    def test_quotations_do_not_run_across_lines(self):
        found = claims("他说“小心\n本产品保本”")
        assert found == [("returns.guaranteed", "保本")]

    def test_words_that_only_look_like_reporting(self):
        assert claims("我们称之为稳赚理财。") == [("returns.guaranteed", "稳赚")]
        assert claims("本产品简称保本宝。") == [("returns.guaranteed", "保本")]

    @pytest.mark.parametrize(
        "text", ["稳赚不赔", "保本高收益，零风险", "国家认证，行业第一", "日赚500元"]
    )
    def test_quiz_choices_and_case_sections_are_quoting_contexts(self, text):
        assert claims(text, context="quote") == []

    @pytest.mark.parametrize("context", ["title", "summary", "body"])
    def test_titles_summaries_and_paragraphs_speak_for_the_company(self, context):
        assert claims("稳赚不赔的理财", context=context) == [("returns.guaranteed", "稳赚不赔")]
        assert claims("警惕“稳赚不赔”的理财", context=context) == []

    def test_copy_editing_still_applies_in_quotes(self):
        assert hits("拨打96110核实", context="quote") == [
            ("typography.spacing", "打9"),
            ("typography.spacing", "0核"),
        ]
        assert hits("对方说“你好,我是客服”") == [("typography.halfwidth_punctuation", ",")]


class TestNegationAndWarningFrames:
    @pytest.mark.parametrize(
        "text",
        [
            "凡是承诺保本高收益的都是诈骗。",
            "凡是承诺保本高收益的，都是诈骗。",
            "承诺稳赚不赔的理财都是骗局。",
            "不存在稳赚不赔的投资。",
            "天下没有只赚不赔的生意。",
            "不存在零风险、高收益的投资产品。",
            "本产品不保本，可能亏损。",
            "理财产品非保本，请谨慎。",
            "任何理财产品都不得承诺保本。",
            "资管新规打破了刚性兑付。",
            "银行理财已不再保本。",
            "警惕高收益陷阱。",
            "不要相信高回报的承诺。",
            "骗子以高收益为诱饵，诱导受害人转账。",
            "他们打着国家认证的旗号行骗。",
            "保本高收益？当心是陷阱！",
            "高收益往往伴随高风险。",
            "没有官方认证的平台要提防。",
            "冒充银行级安全的平台骗取信任。",
            "“秒批”“不看征信”都是虚假网贷的话术。",
        ],
    )
    def test_not_a_claim(self, text):
        assert claims(text) == []

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("不会亏本的保本理财。", [("returns.guaranteed", "保本")]),
            ("不少人选择我们的保本产品。", [("returns.guaranteed", "保本")]),
            (
                "想要保本高收益？快来投资！",
                [("returns.guaranteed", "保本"), ("returns.guaranteed", "高收益")],
            ),
            ("我们保本，那些号称高收益的都是骗局。", [("returns.guaranteed", "保本")]),
        ],
    )
    def test_frames_do_not_excuse_a_nearby_claim(self, text, expected):
        assert claims(text) == expected


class TestAuthority:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("本平台获得国家认证。", [("authority.endorsement", "国家认证")]),
            (
                "央行认证，银行级安全。",
                [("authority.endorsement", "央行认证"), ("authority.endorsement", "银行级安全")],
            ),
            ("官方指定的借款平台。", [("authority.endorsement", "官方指定")]),
            ("明星代言，值得信赖。", [("authority.endorsement", "明星代言")]),
            (
                "国资背景，银行存管。",
                [("authority.background", "国资背景"), ("authority.background", "银行存管")],
            ),
        ],
    )
    def test_flagged(self, text, expected):
        assert claims(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "骗子自称“公安局”，要求把钱转入“安全账户”。",
            "政府不会为任何理财产品背书。",
            "征信中心是中国人民银行设立的机构。",
            "请通过官方渠道查询。",
        ],
    )
    def test_not_flagged(self, text):
        assert claims(text) == []

    def test_background_is_a_warning(self):
        (finding,) = [
            f for f in check_text("国企背景" + DISCLOSED) if f.rule_id == "authority.background"
        ]
        assert finding.severity == "提醒"


class TestLoanAprDisclosure:
    def apr(self, text, context="body"):
        return [
            (f.text, f.start)
            for f in check_text(text, context=context)
            if f.rule_id == "disclosure.loan_apr"
        ]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("借款日息低至万分之五，随借随还。", [("日息", 2)]),
            ("信用卡分期的手续费率看起来只有 0.6%。", [("手续费", 6)]),
            ("贷款利息按月计算，提前还款不收违约金。", [("利息", 2)]),
        ],
    )
    def test_loan_price_without_apr(self, text, expected):
        assert self.apr(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "借款日息万分之五，折合年化利率 18.25%。",
            "分期手续费换算成年化利率约 13%。",
            "贷款利息以 APR 计算。",
            "借款的年化综合资金成本为 7.2%。",
            "转账手续费由银行收取。",
            "存款利率下调了。",
            "对方称“贷款利息很低”，我们不信。",
            "警惕低利息贷款的陷阱。",
            # Money a scammer takes is not the price of a loan.
            "花钱“修复征信”，要么办不成，要么更糟：骗走服务费、套取个人信息，甚至诱导你借贷。",
        ],
    )
    def test_not_needed_or_stated(self, text):
        assert self.apr(text) == []

    def test_a_fee_charged_for_a_loan_still_needs_the_rate(self):
        assert self.apr("办理借款要先收取服务费，额度当天可用。") == [("服务费", 8)]

    def test_one_finding_at_the_first_place(self):
        text = "借款很方便。\n日息低至万分之五。\n分期手续费也很低。"
        assert self.apr(text) == [("日息", 7)]

    @pytest.mark.parametrize(
        ("text", "price"),
        [
            ("借 1 万元每天只要 5 元，随借随还。", "每天只要 5 元"),
            ("借款日供低至 3 元。", "日供低至 3 元"),
            ("借款仅需 2.5 元/天。", "2.5 元/天"),
            ("借款月息 0.8%，随借随还。", "月息 0.8%"),
        ],
    )
    def test_a_price_alone_needs_the_rate_and_is_what_the_finding_points_at(self, text, price):
        assert [found for found, _start in self.apr(text)] == [price]

    def test_the_finding_points_at_the_price_in_the_body_not_a_word_in_the_summary(self):
        segments = [
            ("借钱周转，利息透明", "summary"),
            ("额度高，审批快。", "body"),
            ("借 1 万元每天只要 5 元，随借随还。", "body"),
        ]
        (found,) = [(i, f.text) for i, f in check_segments(segments) if f.rule_id == "disclosure.loan_apr"]
        assert found == (2, "每天只要 5 元")

    def test_without_a_price_the_first_trigger_is_used(self):
        segments = [("借钱周转，利息透明", "summary"), ("额度高，审批快。", "body")]
        (found,) = [(i, f.text) for i, f in check_segments(segments) if f.rule_id == "disclosure.loan_apr"]
        assert found == (0, "利息")

    def test_a_price_outside_a_loan_is_not_a_loan_price(self):
        assert self.apr("公交卡每天只要 5 元，随便坐。") == []

    def test_apr_anywhere_in_the_document_is_enough(self):
        segments = [("借款日息低至万分之五。", "body"), ("以上折合年化利率 18.25%。", "body")]
        assert [f.rule_id for _i, f in check_segments(segments) if f.category == "必要披露"] == []

    def test_price_in_a_quoting_context_is_not_an_offer(self):
        assert self.apr("借款日息万分之五", context="quote") == []

    def test_is_an_error(self):
        (finding,) = [
            f for f in check_text("借款日息万分之五。") if f.rule_id == "disclosure.loan_apr"
        ]
        assert finding.is_error and finding.category == "必要披露" and "年化利率" in finding.message


class TestInvestmentRiskDisclosure:
    def risk(self, text, context="body"):
        return [
            f.text
            for f in check_text(text, context=context)
            if f.rule_id == "disclosure.investment_risk"
        ]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("这款理财产品收益可观。", ["理财"]),
            ("长期投资，回报更稳健。", ["投资"]),
            ("基金定投的历史收益不错。", ["收益"]),
        ],
    )
    def test_returns_talk_without_warning(self, text, expected):
        assert self.risk(text) == expected

    @pytest.mark.parametrize(
        "text",
        [
            "这款理财产品收益可观。投资有风险，理财需谨慎。",
            "基金定投的历史收益不错，但市场有风险。",
            "理财产品收益并不固定。风险提示：过往业绩不代表未来表现。",
            "高收益往往伴随高风险。",
            "骗子称投资稳赚不赔。",
            "识破虚假网络投资理财诈骗。",
            "不存在稳赚不赔的投资。",
            "个人信用报告记录借款和还款情况。",
            # 收益 in law and in arithmetic is not an investment's return.
            "掩饰、隐瞒犯罪所得及其收益的来源和性质。",
            "犯罪所得及其产生的收益一律追缴。",
            "违法所得予以没收。",
            "IRR（内部收益率法）按你每一期实际占用的本金计算。",
        ],
    )
    def test_warned_reported_or_unrelated(self, text):
        assert self.risk(text) == []

    def test_returns_next_to_a_legal_or_arithmetic_term_still_count(self):
        assert self.risk("按内部收益率算，这款产品的收益很稳。") == ["收益"]
        assert self.risk("犯罪所得及其收益要追缴；我们的理财收益稳定。") == ["理财"]

    def test_quiz_choice_talk_of_returns_needs_no_warning(self):
        assert self.risk("高收益理财，马上投资", context="quote") == []

    def test_reported_in_one_segment_and_claimed_in_another(self):
        segments = [("骗子称投资稳赚。", "body"), ("稳健收益，尽在本平台。", "title")]
        found = [
            (i, f.text)
            for i, f in check_segments(segments)
            if f.rule_id == "disclosure.investment_risk"
        ]
        assert found == [(1, "收益")]


class TestColumnContext:
    """Disclosure rules exempt the columns that describe scams (反洗钱, 反诈骗), unless the text offers a product."""

    def disclosures(self, text, column):
        return [
            (f.rule_id, f.text) for f in check_text(text, column=column) if f.category == "必要披露"
        ]

    def test_a_scams_bait_is_not_investment_talk_in_anti_fraud(self):
        text = "进“任务群”看别人晒收益，下载专用 App。"
        assert self.disclosures(text, "antifraud") == []
        assert self.disclosures(text, "aml") == []

    @pytest.mark.parametrize("column", [None, "credit"])
    def test_the_same_words_elsewhere_need_the_warning(self, column):
        text = "进“任务群”看别人晒收益，下载专用 App。"
        assert self.disclosures(text, column) == [("disclosure.investment_risk", "收益")]

    def test_a_loan_article_is_not_told_to_add_an_investment_risk_warning(self):
        text = "别借钱去投资，再高的收益也不值得背上高息网贷。借款年化利率以合同为准。"
        assert self.disclosures(text, "loans") == []
        assert self.disclosures(text, None) == [("disclosure.investment_risk", "投资")]

    def test_a_loan_article_offering_an_investment_still_needs_the_warning(self):
        text = "本平台推出的理财产品收益稳健。"
        assert self.disclosures(text, "loans") == [("disclosure.investment_risk", "理财")]

    def test_a_scams_fee_is_not_a_loan_price_in_anti_fraud(self):
        text = "对方要求先交 5000 元手续费才能放款。"
        assert self.disclosures(text, "antifraud") == []
        assert self.disclosures(text, None) == [("disclosure.loan_apr", "手续费")]

    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("我们的借款产品手续费低，随借随还。", [("disclosure.loan_apr", "手续费")]),
            ("立即申请额度，手续费低至 0.5%。", [("disclosure.loan_apr", "手续费")]),
            ("本平台推出的理财产品收益稳健。", [("disclosure.investment_risk", "理财")]),
            ("理财推荐：这款产品的收益不错。", [("disclosure.investment_risk", "理财")]),
        ],
    )
    def test_an_offer_in_our_own_words_needs_the_disclosure_in_any_column(self, text, expected):
        assert self.disclosures(text, "antifraud") == expected

    def test_an_offer_in_a_scammers_words_is_not_ours(self):
        text = "骗子称“立即申请额度”，再让你交手续费才能放款。"
        assert self.disclosures(text, "antifraud") == []

    def test_an_offer_with_the_disclosure_is_fine(self):
        text = "我们的借款产品手续费低，年化利率 7.2% 起。"
        assert self.disclosures(text, "antifraud") == []

    def test_segments_take_the_column_too(self):
        segments = [("群里的人天天晒收益。", "body")]
        assert check_segments(segments, column="antifraud") == []
        assert [f.rule_id for _i, f in check_segments(segments)] == ["disclosure.investment_risk"]


class TestCopyEditing:
    @pytest.mark.parametrize(
        ("text", "expected"),
        [
            ("中文English", [("typography.spacing", "文E")]),
            ("中文123", [("typography.spacing", "文1")]),
            ("App内查看", [("typography.spacing", "p内")]),
            ("2024年3月5日", [("typography.spacing", "4年3月5日")]),
            ("中文,中文", [("typography.halfwidth_punctuation", ",")]),
            ("中文.中文", [("typography.halfwidth_punctuation", ".")]),
            ("中文:中文", [("typography.halfwidth_punctuation", ":")]),
            ("中文?", [("typography.halfwidth_punctuation", "?")]),
            ("请稍候...", [("typography.halfwidth_punctuation", "...")]),
            (
                "热线(免费)",
                [
                    ("typography.halfwidth_punctuation", "("),
                    ("typography.halfwidth_punctuation", ")"),
                ],
            ),
            ("他说“你好", [("typography.unpaired_marks", "“")]),
            ("你好”他说", [("typography.unpaired_marks", "”")]),
            ("「安全账户", [("typography.unpaired_marks", "「")]),
            ("（详见合同", [("typography.unpaired_marks", "（")]),
            ("防诈周报第12期", [("typography.spacing", "第1"), ("typography.spacing", "2期")]),
            ("借了5.3万元", [("typography.spacing", "了5"), ("typography.spacing", "3万")]),
            ("年化利率24%的贷款", [("typography.spacing", "率2"), ("typography.spacing", "%的")]),
        ],
    )
    def test_flagged(self, text, expected):
        assert hits(text, category="文字规范") == expected

    @pytest.mark.parametrize(
        "text",
        [
            "拨打 96110 咨询",
            "年化利率 7.2%，App 内可查",
            "Hello, world. 1,000.50",
            "他说“你好”，「好」『好』‘好’（注）《征信业管理条例》",
            "don’t worry",
            "A股、K线、U盘、U盾",
            # The house style: a space between Chinese and Latin letters or Arabic numerals.
            "防诈周报 第 12 期（11.16–11.22）",
            "借了 5.3 万元，年化利率 24% 的贷款",
            "下载 App 后拨打 400-820-0000",
            "“5 年”规则",
        ],
    )
    def test_not_flagged(self, text):
        assert hits(text, category="文字规范") == []

    def test_hints_are_warnings_only(self):
        findings = check_text("中文English,“")
        assert findings and all(f.severity == "提醒" and not f.is_error for f in findings)

    def test_unpaired_marks_are_checked_line_by_line(self):
        assert hits("他说“你好\n”", category="文字规范") == [
            ("typography.unpaired_marks", "“"),
            ("typography.unpaired_marks", "”"),
        ]


class TestSegments:
    def test_offsets_are_relative_to_each_segment(self):
        segments = [("安全可靠。", "title"), ("本产品保本。", "body"), ("稳赚不赔", "quote")]
        found = [
            (index, f.rule_id, f.start, f.end, f.text)
            for index, f in check_segments(segments)
            if f.category != "必要披露"
        ]
        assert found == [(1, "returns.guaranteed", 3, 5, "保本")]

    def test_term_rules_do_not_join_segments(self):
        segments = [("保", "body"), ("本", "body"), ("最", "body"), ("好的", "body")]
        assert check_segments(segments) == []
