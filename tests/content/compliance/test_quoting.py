"""Tests for content/compliance/quoting.py: which stretches of a text are reported speech."""

from content.compliance import default_rules
from content.compliance.quoting import ReportedSpeech, quotation_spans

PAIRS = (("“", "”"), ("「", "」"), ("‘", "’"), ('"', '"'))


def quoted(text: str) -> list[str]:
    voice = ReportedSpeech(text, default_rules().quoting)
    return [text[start:end] for start, end in voice.spans]


class TestQuotationSpans:
    def test_matched_pairs(self):
        text = "他说“保本”，又说「稳赚」"
        assert [text[s:e] for s, e in quotation_spans(text, PAIRS)] == ["保本", "稳赚"]

    def test_nested_pairs(self):
        text = "“他说「保本」了”"
        assert sorted(text[s:e] for s, e in quotation_spans(text, PAIRS)) == [
            "他说「保本」了",
            "保本",
        ]

    def test_unclosed_and_stray_marks_quote_nothing(self):
        assert quotation_spans("我们承诺“保本", PAIRS) == []
        assert quotation_spans("保本”了", PAIRS) == []

    def test_straight_quotes_pair_up(self):
        text = '他说"保本"和"保息"'
        assert [text[s:e] for s, e in quotation_spans(text, PAIRS)] == ["保本", "保息"]

    def test_apostrophe_is_not_a_closing_quote(self):
        text = "‘don’t worry’"
        assert [text[s:e] for s, e in quotation_spans(text, PAIRS)] == ["don’t worry"]

    def test_quotes_stop_at_a_line_end(self):
        assert quotation_spans("“保本\n保息”", PAIRS) == []


class TestReportedSpeech:
    def test_reporting_phrase_runs_to_the_end_of_the_sentence(self):
        assert quoted("骗子称保本保息，月入过万。我们提醒你。") == ["保本保息，月入过万"]

    def test_speaker_and_verb_with_words_between(self):
        assert quoted("对方在电话里声称稳赚不赔！") == ["稳赚不赔"]

    def test_so_called_runs_to_the_end_of_the_clause(self):
        assert quoted("所谓保本理财，其实是骗局。") == ["保本理财"]

    def test_quotation_and_reporting_merge(self):
        assert quoted("骗子称“稳赚”不赔。") == ["“稳赚”不赔"]

    def test_whole_text_in_a_quoting_context(self):
        voice = ReportedSpeech("稳赚不赔", default_rules().quoting, whole=True)
        assert voice.covers(0, 4)

    def test_covers_needs_the_whole_hit_inside(self):
        voice = ReportedSpeech("“保本”保息", default_rules().quoting)
        assert voice.covers(1, 3)
        assert not voice.covers(1, 5)
        assert not voice.covers(4, 6)

    def test_compounds_of_cheng_are_not_reporting(self):
        assert quoted("本产品简称保本宝，堪称稳赚，我们称之为理财。") == []
