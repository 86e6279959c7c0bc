"""Numbers as people here write them."""

from decimal import ROUND_HALF_UP, Decimal


def show_number(value, places: int = 4, *, empty: str = "") -> str:
    """A number written the Vietnamese way, rounded to `places` decimals, without trailing zeros: 1234.5000 →
    "1.234,5"; `empty` for no value."""
    if value is None:
        return empty
    value = Decimal(value).quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP).normalize()
    sign = "-" if value < 0 else ""
    whole, _dot, fraction = f"{abs(value):f}".partition(".")
    groups = []
    while len(whole) > 3:
        groups.insert(0, whole[-3:])
        whole = whole[:-3]
    groups.insert(0, whole)
    return sign + ".".join(groups) + ("," + fraction if fraction else "")
