"""Money as readers read it: the one way a loss amount is written on the page, the poster and in WeChat.

Chinese readers count large sums in 万 and 亿: 526000 is "52.6 万元", not "¥526,000.00"; small
sums are plain yuan with thousands separators. A sum that does not come out exact in 万 or
亿 within two decimals says 约, so nobody reads a rounded figure as the exact loss.
"""

from decimal import Decimal, InvalidOperation

WAN = Decimal(10_000)
YI = Decimal(100_000_000)
CENT = Decimal("0.01")


def _plain(number: Decimal) -> str:
    text = f"{number:,.2f}"
    return text.rstrip("0").rstrip(".")


def yuan_label(amount) -> str:
    """An amount in yuan as readers read it; "" when there is none (or it is not a number).

    >>> [yuan_label(v) for v in (526000, 38000, 12345, 3800, Decimal("3800.5"), 250000000, None)]
    ['52.6 万元', '3.8 万元', '约 1.23 万元', '3,800 元', '3,800.50 元', '2.5 亿元', '']
    """
    if amount is None or amount == "":
        return ""
    try:
        value = Decimal(str(amount))
    except (InvalidOperation, ValueError):
        return ""
    if value < WAN:
        cents = value.quantize(CENT)
        return f"{cents:,.0f} 元" if cents == cents.to_integral_value() else f"{cents:,.2f} 元"
    unit, name = (YI, "亿元") if value >= YI else (WAN, "万元")
    scaled = value / unit
    rounded = scaled.quantize(CENT)
    prefix = "" if rounded == scaled else "约 "
    return f"{prefix}{_plain(rounded)} {name}"
