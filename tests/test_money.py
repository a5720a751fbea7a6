"""The money and head-count grammars: currencies, both decimal conventions, multipliers, periods."""

from __future__ import annotations

import pytest

from coach import lexicon
from coach.reading.money import find_count, find_money, find_money_range, parse_number

AMOUNTS = [
    ("EUR 80k", 80000, "EUR", "unspecified"),
    ("$~175k ARR", 175000, "USD", "annual"),
    ("118.000 EUR p.a.", 118000, "EUR", "annual"),
    ("€ 145.000,00", 145000, "EUR", "unspecified"),
    ("1,2 Mio. EUR", 1200000, "EUR", "unspecified"),
    ("GBP 50k per year", 50000, "GBP", "annual"),
    ("£72,500 per year", 72500, "GBP", "annual"),
    ("60k ARR", 60000, "USD", "annual"),
    ("$4k/mo", 4000, "USD", "monthly"),
    ("$4,500 MRR", 4500, "USD", "monthly"),
    ("CAD 110k", 110000, "CAD", "unspecified"),
    ("A$ 90k", 90000, "AUD", "unspecified"),
    ("CHF 79,500", 79500, "OTHER", "unspecified"),
    ("ZAR 1,150,000", 1150000, "OTHER", "unspecified"),
    ("R$ 450 mil", 450000, "OTHER", "unspecified"),
    ("12 lakh INR", 1200000, "OTHER", "unspecified"),
    ("USD 300k TCV", 300000, "USD", "one_time"),
    ("TCV $300k", 300000, "USD", "one_time"),
    ("One-off fee of GBP 50k", 50000, "GBP", "one_time"),
    ("MRR: $5k", 5000, "USD", "monthly"),
    ("annual contract value of EUR 80k", 80000, "EUR", "annual"),
    ("Year 1 - $60k", 60000, "USD", "annual"),
    ("Budget $80k", 80000, "USD", "unspecified"),
    ("totally $5k", 5000, "USD", "unspecified"),
    ("annual revenue of $40M", 40000000, "USD", "unspecified"),
]


@pytest.mark.parametrize(("text", "amount", "currency", "period"), AMOUNTS, ids=[a[0] for a in AMOUNTS])
def test_amounts(text: str, amount: float, currency: str, period: str) -> None:
    [(money, start, end)] = find_money(text)
    assert (money.amount, money.currency, money.period) == (amount, currency, period)
    assert text[start:end].strip()


CURRENCY_WORDS = [(w, c) for c, words in lexicon.load("currencies").items() if isinstance(words, list) for w in words]


@pytest.mark.parametrize(("word", "code"), CURRENCY_WORDS, ids=[w for w, _ in CURRENCY_WORDS])
def test_every_currency_word_reads(word: str, code: str) -> None:
    found = find_money(f"priced at {word} 1,000 in total") or find_money(f"priced at 1,000 {word} in total")
    assert found and found[0][0].currency == code


@pytest.mark.parametrize("text", ["the 2027 deadline", "Q3 2026", "3 weeks", "ISO 27001", "SOC 2 Type II"])
def test_numbers_that_are_not_money(text: str) -> None:
    assert find_money(text) == []


@pytest.mark.parametrize(
    ("raw", "mult", "value"),
    [("1,200", None, 1200), ("1.200", None, 1200), ("145.000,00", None, 145000), ("1,2", "Mio.", 1.2e6),
     ("98.500.00", None, 98500), ("2.5", "k", 2500)],
)  # fmt: skip
def test_parse_number(raw: str, mult: str | None, value: float) -> None:
    assert parse_number(raw, mult) == value


@pytest.mark.parametrize(
    ("text", "count"),
    [("~800 employees", 800), ("headcount: 1,200", 1200), ("1.800 Mitarbeiter", 1800), ("3,100 staff", 3100)],
)
def test_head_counts(text: str, count: float) -> None:
    found = find_count(text)
    assert found is not None and found[0] == count


def test_money_ranges() -> None:
    assert find_money_range("EUR 200M–2B")[:3] == (200e6, 2e9, "EUR")
    assert find_money_range("$50M-$500M")[:3] == (50e6, 500e6, "USD")


@pytest.mark.parametrize(
    ("text", "limit", "short"),
    [("security review from six weeks to two", 20, "security review from"), ("short", 20, "short"),
     ("Supercalifragilistic expialidocious", 10, "Supercalifragilistic")],
)  # fmt: skip
def test_shorten_never_cuts_inside_a_word(text: str, limit: int, short: str) -> None:
    from coach.reading.text import shorten

    assert shorten(text, limit) == short


@pytest.mark.parametrize(
    ("text", "amount"),
    [("USD 1,05,000 per annum", 105000), ("INR 12,50,000", 1250000), ("EUR 1,200,000", 1200000)],
)
def test_indian_digit_grouping_reads_as_lakhs_and_crores(text: str, amount: float) -> None:
    [(money, _, _)] = find_money(text)
    assert money.amount == amount


@pytest.mark.parametrize(
    ("text", "bounds"),
    [("between 150 and 600 staffed beds", (150, 600)), ("200-2,000 employees", (200, 2000)),
     ("50-400 fee earners", (50, 400)), ("300 to 900 licensed beds", (300, 900))],
)  # fmt: skip
def test_size_bounds_name_their_unit_as_a_whole_word(text: str, bounds: tuple[float, float]) -> None:
    from coach.reading.money import find_size_bounds

    found = find_size_bounds(text)
    assert found is not None and found[:2] == bounds


@pytest.mark.parametrize(("text", "count"), [("staffed by 40 people", 40), ("~800 employees", 800)])
def test_a_unit_is_never_the_start_of_a_longer_word(text: str, count: float) -> None:
    found = find_count(text)
    assert found is not None and found[0] == count


BEFORE = lexicon.load("currencies")["periods_before"]


@pytest.mark.parametrize("word", BEFORE["words"])
def test_every_period_word_before_an_amount_reads_as_its_period(word: str) -> None:
    periods = {w: p for p, words in lexicon.load("currencies")["periods"].items() for w in words}
    [(money, _s, _e)] = find_money(f"{word} $40k")
    assert money.period == periods[word]


@pytest.mark.parametrize("between", [*BEFORE["nouns"], *BEFORE["joins"]])
def test_the_nouns_and_joins_may_stand_between_a_period_word_and_its_amount(between: str) -> None:
    [(money, _s, _e)] = find_money(f"TCV {between} $40k")
    assert money.period == "one_time"


@pytest.mark.parametrize("word", lexicon.load("currencies")["periods"]["per_unit"])
def test_every_unit_price_word_makes_a_price_that_cannot_be_put_per_year(word: str) -> None:
    [(money, _start, _end)] = find_money(f"They would pay GBP 18,000 {word}, volume still open.")
    assert money.period == "per_unit" and money.amount == 18000


def test_a_unit_price_beside_a_yearly_amount_leaves_the_yearly_amount_as_the_size() -> None:
    from coach.reading.offline import OfflineExtractor

    facts = OfflineExtractor().extract_deal("Deal: $40 per seat per month, 200 seats, $96k ARR.").facts
    assert facts.deal_size is not None and facts.deal_size.money.amount == 96000
    alone = OfflineExtractor().extract_deal("Pricing: GBP 18,000 per cohort; how many cohorts a year is open.").facts
    assert alone.deal_size is not None and alone.deal_size.money.period == "per_unit"
