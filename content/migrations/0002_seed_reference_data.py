"""Seed the ten fraud types of the glossary and the four hotlines."""

from django.db import migrations

FRAUD_TYPES = [
    ("刷单返利", "shuadan-fanli", "以“兼职刷单、点赞关注返佣金”为诱饵，先小额返利取得信任，再以“任务未完成”“账户冻结”为由诱骗大额垫付。"),
    ("虚假网络投资理财", "fake-investment", "通过荐股群、虚假交易平台、“内幕消息”吸引投资，前期让人小赚，后期无法提现。"),
    ("虚假网络贷款", "fake-loan", "冒充正规贷款平台，以“无抵押、秒到账”为饵，以“手续费”“保证金”“解冻费”为名收钱。"),
    ("冒充电商物流客服", "fake-customer-service", "冒充电商、快递客服，以“商品质量问题理赔”“快递丢失赔偿”为由诱导转账或开通共享屏幕。"),
    ("冒充公检法", "fake-police", "冒充公安、检察院、法院工作人员，称当事人涉嫌犯罪，要求把钱转入所谓“安全账户”。"),
    ("冒充领导熟人", "fake-acquaintance", "冒用领导、亲友的头像和名字加好友，以“急需用钱”“帮忙周转”为由要求转账。"),
    ("虚假征信", "fake-credit-repair", "以“注销校园贷”“征信修复”“消除不良记录”为名，诱导贷款后转账给骗子。"),
    ("网络游戏虚假交易", "fake-game-trade", "以低价出售游戏账号、装备、皮肤为诱饵，通过虚假交易平台骗取钱款。"),
    ("网络婚恋交友", "romance-scam", "俗称“杀猪盘”：在婚恋、交友平台建立恋爱关系后，诱导投资赌博或以各种理由要钱。"),
    ("虚假购物服务", "fake-shopping", "在社交平台发布低价商品、代购、订票等虚假信息，收款后拉黑或不发货。"),
]

HOTLINES = [
    ("全国反诈预警劝阻专线", "96110", "接到可疑电话、发现被骗时拨打，获取预警劝阻和帮助", "24 小时", False, 10),
    ("银行保险消费者投诉维权热线", "12378", "银行、保险消费投诉和咨询（国家金融监督管理总局）", "工作日 9:00–17:00", False, 20),
    ("中国人民银行金融消费权益保护咨询投诉电话", "12363", "征信、支付、人民币等金融消费咨询投诉", "工作日 9:00–17:00", False, 30),
    ("本公司消保专线", "400-820-0000", "账户安全、借款咨询、投诉建议", "每天 9:00–21:00", True, 40),
]


def seed(apps, schema_editor):
    FraudType = apps.get_model("content", "FraudType")
    Hotline = apps.get_model("content", "Hotline")
    for order, (name, slug, description) in enumerate(FRAUD_TYPES, start=1):
        FraudType.objects.get_or_create(
            slug=slug, defaults={"name": name, "description": description, "sort_order": order}
        )
    for name, number, description, hours, is_company, order in HOTLINES:
        Hotline.objects.get_or_create(
            number=number,
            defaults={
                "name": name,
                "description": description,
                "service_hours": hours,
                "is_company_line": is_company,
                "sort_order": order,
            },
        )


class Migration(migrations.Migration):
    dependencies = [("content", "0001_initial")]

    operations = [migrations.RunPython(seed, migrations.RunPython.noop)]
