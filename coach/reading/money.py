"""The value grammars for amounts: money with its currency and period, and head counts.

Currencies, multipliers and periods are data (coach/lexicon/currencies.toml). Both decimal conventions
read: "118.000 EUR" and "118,000 EUR" are 118000, "€ 145.000,00" is 145000, "1,2 Mio. EUR" is 1.2 million.
"""

from __future__ import annotations

import re
from functools import cache
from itertools import pairwise

from coach import lexicon
from coach.framework import Money

# Indian grouping first ("1,05,000", "12,50,000": lakhs and crores), then thousands, then a plain number.
_NUM = r"\d{1,2}(?:,\d{2})+,\d{3}(?![\d,])|\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})+(?:[.,]\d{1,2})?|\d+(?:[.,]\d+)?"
_COUNT_UNITS = r"(?:employees|staff|people|FTEs?|emp|headcount|Mitarbeiter(?:innen)?|empleados|funcionários|colaboradores|pracowników)\b"


@cache
def _currency_words() -> dict[str, str]:
    """Lower-cased sign, code or word -> the framework's currency code (OTHER for currencies without a rate)."""
    table = lexicon.load("currencies")
    return {word.lower(): code for code, words in table.items() if isinstance(words, list) for word in words}


@cache
def _periods() -> dict[str, str]:
    return {w.lower(): period for period, words in lexicon.load("currencies")["periods"].items() for w in words}


def _alternation(words: list[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))


@cache
def money_pattern() -> re.Pattern[str]:
    """Currency before or after the number, an optional multiplier, an optional period."""
    cur = _alternation(list(_currency_words()))
    mult = _alternation(list(lexicon.load("currencies")["multipliers"]))
    per = _alternation(list(_periods()))

    def number(i: int) -> str:
        return rf"~?\s?(?P<num{i}>{_NUM})(?:\s?(?P<mult{i}>(?:{mult}))(?![\w]))?"

    def after(i: int) -> str:
        return rf"(?:\s?(?P<per{i}>(?:{per}))(?![\w]))?"

    return re.compile(
        rf"(?<![\w$€£])(?P<cur1>(?:{cur}))\s?{number(1)}{after(1)}"
        rf"|(?<![\w.,]){number(2)}\s?(?P<cur2>(?:{cur}))(?![\w]){after(2)}"
        rf"|(?<![\w.,]){number(3)}\s?(?P<per3>ARR|ACV|MRR|TCV)\b",
        re.IGNORECASE,
    )


@cache
def period_before() -> re.Pattern[str]:
    """A period word just before an amount, with only the lexicon's nouns and joining words between them."""
    table = lexicon.load("currencies")["periods_before"]
    nouns, joins = _alternation(table["nouns"]), _alternation(table["joins"])
    return re.compile(
        rf"(?<![\w-])(?P<per>{_alternation(table['words'])})(?:\s+(?:{nouns}))?(?:\s*(?:{joins}))*\s*~?\s*$",
        re.IGNORECASE,
    )


def parse_number(raw: str, mult: str | None = None) -> float:
    """'1,200' and '1.200' -> 1200; '145.000,00' -> 145000; '1,2' -> 1.2; then the multiplier."""
    raw = re.sub(r"[\u202f\u00a0 ]", ",", raw.strip())
    if re.fullmatch(r"\d{1,2}(?:,\d{2})+,\d{3}", raw):  # Indian grouping: 1,05,000 = 105000
        return float(raw.replace(",", "")) * _factor(mult)
    grouped = re.fullmatch(r"(\d{1,3}(?:[.,]\d{3})+)(?:([.,])(\d{1,2}))?", raw)
    if grouped and (grouped.group(2) is None or grouped.group(2) not in grouped.group(1)):
        value = float(re.sub(r"[.,]", "", grouped.group(1)) + (f".{grouped.group(3)}" if grouped.group(3) else ""))
    elif re.fullmatch(r"\d+(?:[.,]\d+)?", raw):
        value = float(raw.replace(",", "."))
    else:  # "98.500.00": separators used every way; the digits before the last one are the whole part
        whole, _, tail = raw.rpartition(raw[-3] if len(raw) > 3 and raw[-3] in ".," else "\0")
        value = float(re.sub(r"[.,]", "", whole or raw) + (f".{tail}" if whole else ""))
    return value * _factor(mult)


def _factor(mult: str | None) -> float:
    multipliers = lexicon.load("currencies")["multipliers"]
    return float(multipliers.get(mult or "", multipliers.get((mult or "").lower(), 1.0)))


def currency_named(text: str) -> bool:
    """The text names a currency by a sign, code or word of the currency lexicon ("$", "EUR", "pounds")."""
    words = _currency_words()
    return any(m.group(0).lower() in words for m in re.finditer(r"[^\w\s]+|\w+\$?|\w+\.?", text))


@cache
def _currency_word_pattern() -> re.Pattern[str]:
    words = [w for w in _currency_words() if any(c.isalpha() for c in w)]
    return re.compile(rf"(?<![\w])(?:{_alternation(words)})(?![\w])", re.IGNORECASE)


def without_money(text: str) -> str:
    """The text with its amounts and currency words blanked out (same length): "US$20M" and "US dollars" name
    money, not a place."""
    spans = [(s, e) for _m, s, e in find_money(text)]
    spans += [m.span() for m in _currency_word_pattern().finditer(text)]
    for s, e in spans:
        text = text[:s] + " " * (e - s) + text[e:]
    return text


def find_money(text: str) -> list[tuple[Money, int, int]]:
    """Every amount of money in `text` with its span: '$~175k ARR', 'EUR 80k', '118.000 EUR p.a.', '60k ARR'."""
    found = []
    words = _currency_words()
    for m in money_pattern().finditer(text):
        i = next(k for k in (1, 2, 3) if m.group(f"num{k}"))
        sign = (m.group(f"cur{i}") if i < 3 else None) or "$"
        currency = words.get(sign.lower(), "OTHER")
        period = _periods().get((m.group(f"per{i}") or "").lower(), "unspecified")
        if period == "unspecified" and (before := period_before().search(text, max(0, m.start() - 60), m.start())):
            period = _periods()[" ".join(before.group("per").lower().split())]
        amount = parse_number(m.group(f"num{i}"), m.group(f"mult{i}"))
        found.append((Money(amount=amount, currency=currency, period=period), m.start(), m.end()))
    return found


_RANGE = re.compile(
    rf"(?P<lo>{_NUM})\s?(?P<lomult>k|K)?\s?(?:-|–|to|and)\s?(?P<hi>{_NUM})\s?(?P<himult>k|K)?\+?\s*"
    r"(?:(?:staffed |licensed |acute )?beds|employees|staff|people|FTEs?|emp\b|headcount|seats|lawyers|attorneys|"
    r"units|stores|locations|sites|clinics|practices|properties|branches|agents|users|members|students|"
    r"fee earners)\b",
    re.IGNORECASE,
)
_AT_LEAST = re.compile(
    rf"(?:(?:over|more than|above|at least|min(?:imum)?\.?|>=?)\s?(?P<lo>{_NUM})\s?(?P<lomult>k|K)?|"
    rf"(?P<lo2>{_NUM})\s?(?P<lomult2>k|K)?\s?\+)\s*{_COUNT_UNITS}",
    re.IGNORECASE,
)
_AT_MOST = re.compile(
    rf"(?:under|fewer than|less than|below|up to|max(?:imum)?\.?|<=?)\s?(?P<hi>{_NUM})\s?(?P<himult>k|K)?\s*"
    rf"{_COUNT_UNITS}",
    re.IGNORECASE,
)
_COUNT = re.compile(
    rf"(?:headcount|employees|staff|FTEs?|Mitarbeiter|empleados|funcionários)\s?(?::|=|of|is|~|about|around)?\s?~?"
    rf"(?P<n>{_NUM})\s?(?P<mult>k|K)?\b|"
    rf"~?(?P<n2>{_NUM})\s?(?P<mult2>k|K)?\+?\s*(?:{_COUNT_UNITS}|person company|-person\b)",
    re.IGNORECASE,
)


def find_size_bounds(text: str) -> tuple[float | None, float | None, int, int] | None:
    """Employee-count bounds stated as a range, a floor or a ceiling, with the span."""
    if m := _RANGE.search(text):
        lo = parse_number(m.group("lo"), m.group("lomult") or m.group("himult"))
        return lo, parse_number(m.group("hi"), m.group("himult")), m.start(), m.end()
    if m := _AT_LEAST.search(text):
        raw, mult = (m.group("lo"), m.group("lomult")) if m.group("lo") else (m.group("lo2"), m.group("lomult2"))
        return parse_number(raw, mult), None, m.start(), m.end()
    if m := _AT_MOST.search(text):
        return None, parse_number(m.group("hi"), m.group("himult")), m.start(), m.end()
    return None


def find_count(text: str) -> tuple[float, int, int] | None:
    """One stated head count: 'headcount: 1,200', '~800 employees', '1.800 Mitarbeiter'."""
    m = _COUNT.search(text)
    if not m:
        return None
    raw, mult = (m.group("n"), m.group("mult")) if m.group("n") else (m.group("n2"), m.group("mult2"))
    return parse_number(raw, mult), m.start(), m.end()


_MONEY_RANGE_SEP = re.compile(r"\s?(?:-|–|to)\s?")


def find_money_range(text: str) -> tuple[float, float, str, int, int] | None:
    """'EUR 200M–2B', '$50M-$500M': both ends in the first currency, with the span."""
    amounts = find_money(text)
    for (lo, s, e), (hi, s2, e2) in pairwise(amounts):
        if _MONEY_RANGE_SEP.fullmatch(text[e:s2]):
            return lo.amount, hi.amount, lo.currency, s, e2
    for money, s, e in amounts:  # "EUR 200-500M": the multiplier of the upper end applies to both
        m = re.match(rf"\s?(?:-|–|to)\s?(?P<hi>{_NUM})\s?(?P<mult>[A-Za-z.]+)?", text[e:])
        if m:
            hi = parse_number(m.group("hi"), m.group("mult"))
            lo = (
                money.amount
                if money.amount > 1000 or not m.group("mult")
                else parse_number(str(money.amount), m.group("mult"))
            )
            return lo, hi, money.currency, s, e + m.end()
    return None
