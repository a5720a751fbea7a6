"""Account notes -> DealFacts, from classified clauses and the value grammars.

Each clause is classified (slot, polarity, about whom, value); the value grammars then read the value
(a title, an amount, a stage, a place). A fact's confidence is the product of the classifier's
probabilities; below `THRESHOLD` the fact is unknown, never guessed. Two confident statements of one
fact with different values are a conflict: the fact is unknown and both quotes are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from coach import lexicon
from coach.framework import (
    STAGE_ORDER,
    BuyerRole,
    DealFacts,
    DealTrigger,
    DealTypeFact,
    Fact,
    FactConflict,
    FlagFact,
    MoneyFact,
    NoiseRisk,
    NumberFact,
    PartnerLeverage,
    StageFact,
    TextFact,
    TrustAnswer,
    TrustQuestions,
)
from coach.reading.classifier import Prediction, classifier
from coach.reading.segment import Clause, clauses
from coach.reading.text import find_count, find_money

# Below this confidence (slot probability x polarity probability) a clause asserts nothing. Chosen on the
# development notes so that false facts stay rare (evals/corpus/README.md has the sweep).
THRESHOLD = 0.3
# A field label names the slot itself; the classifier then only has to read the polarity.
LABELLED_SLOT_P = 0.9

TRUST_SLOTS = {
    "trust.prior_relationship": "prior_relationship",
    "trust.category_credibility": "category_credibility",
    "trust.speaks_metric": "speaks_success_metric",
    "trust.proof": "referenceable_proof",
}
_VALUES = {
    "stage": STAGE_ORDER,
    "deal_type": ("new_logo", "expansion", "renewal"),
    "leverage": ("signal", "speed", "confidence"),
    "noise": ("noise:too_early", "noise:too_late", "noise:no_clear_role", "noise:other"),
}
# Labels that name a context rather than a slot the classifier was trained on.
_CONTEXT_LABELS = {"account", "partner", "trust"}


@dataclass(frozen=True)
class Reading:
    """One clause as read: its slot, polarity and the confidence of both."""

    clause: Clause
    slot: str
    polarity: str
    confidence: float
    prediction: Prediction

    @property
    def asserts(self) -> bool:
        """True when the clause states the slot's fact, for or against, with enough confidence."""
        return self.polarity in ("affirmed", "negated") and self.confidence >= THRESHOLD


def read_clauses(text: str) -> list[Reading]:
    """Every clause of the canonical notes classified, and the comma-separated parts of a clause that lists facts.

    "$34k ARR, eval, new logo, no exec sponsor" says four things: each part is read too. A part only adds
    slots its clause did not assert as a whole (see `_merge_parts`).
    """
    readings = []
    for clause in clauses(text):
        whole = _read(clause)
        parts = [_read(part) for part in comma_parts(clause)]
        readings.append(whole)
        readings += [p for p in parts if p.slot != whole.slot and p.slot not in ("other", "account_profile")]
    return readings


def _read(clause: Clause) -> Reading:
    label = clause.label if clause.label not in _CONTEXT_LABELS else None
    prediction = classifier().predict(clause.text, clause.label, clause.value if clause.label else None)
    slot, slot_p = prediction.slot, prediction.slot_p
    if label and label in prediction.slots and prediction.slots[label] >= 0.2:
        slot, slot_p = label, max(LABELLED_SLOT_P, prediction.slots[label])
    return Reading(clause, slot, prediction.polarity, slot_p * prediction.polarity_p, prediction)


def comma_parts(clause: Clause) -> list[Clause]:
    """The comma- or 'and'-separated parts of a clause, when it has two or more (each a clause of its own)."""
    body_at = clause.value_start if clause.label else 0
    parts, pos = [], body_at
    for m in [*_PART_BREAK.finditer(clause.text, body_at), None]:
        end = m.start() if m else len(clause.text)
        piece = clause.text[pos:end]
        text = piece.strip(" .;")
        if len(text) >= 3 and any(c.isalpha() for c in text):
            lead = piece.find(text)
            parts.append(Clause(text, clause.start + pos + lead, None, 0, clause.quoted, clause.line))
        pos = m.end() if m else pos
    return parts if len(parts) >= 2 else []


# A comma, or "and" before a new subject: "they know the CIO and they have a case study".
_PART_BREAK = re.compile(r",\s+(?:and\s+)?|\s+and\s+(?=(?:they|we|he|she|it|the|their|our)\b)|\s+/\s+", re.IGNORECASE)


def read_deal(text: str) -> tuple[DealFacts, int]:
    """The deal facts the canonical notes state, and how many clauses were instructions (ignored)."""
    readings = read_clauses(text)
    facts = DealFacts()
    instructions = sum(1 for r in readings if r.slot == "instruction" and r.confidence >= THRESHOLD)
    readings = [r for r in readings if not (r.slot == "instruction" and r.confidence >= THRESHOLD)]
    by_slot: dict[str, list[Reading]] = {}
    for reading in readings:
        by_slot.setdefault(reading.slot, []).append(reading)
    _names(readings, facts)
    _profile(readings, facts)
    facts.decision_maker = _signer(by_slot.get("signer", []), facts)
    facts.trigger = _trigger(by_slot.get("trigger", []))
    facts.stage = _stage(by_slot.get("stage", []), facts)
    facts.deal_size = _size(by_slot.get("deal_size", []), facts)
    facts.deal_type = _deal_type(by_slot.get("deal_type", []))
    facts.buyer_trusts_vendor = _flag(by_slot.get("vendor_trust", []))
    facts.repeatable_direct_motion = _flag(by_slot.get("direct_motion", []))
    facts.leverage = _leverage(by_slot.get("leverage", []))
    facts.trust = _trust(by_slot, facts)
    facts.noise = _noise(by_slot.get("noise", []))
    facts.open_questions = [
        Fact(quote=r.clause.text, start=r.clause.start, confidence=round(r.confidence, 3))
        for r in readings
        if r.polarity == "unknown" and r.slot not in ("other", "account_profile") and r.confidence >= THRESHOLD
    ]
    return facts, instructions


def _fact(cls, reading: Reading, **fields):
    """A fact quoting the whole clause, with the reading's confidence."""
    clause = reading.clause
    return cls(quote=clause.text, start=clause.start, confidence=round(reading.confidence, 3), **fields)


def _asserted(readings: list[Reading]) -> list[Reading]:
    return [r for r in readings if r.asserts]


def _conflict(facts: DealFacts, fact: str, found: list[tuple[str, Reading]]) -> None:
    facts.conflicts.append(
        FactConflict(fact=fact, values=[v for v, _ in found], quotes=[r.clause.text for _, r in found])
    )


# --- Who signs --------------------------------------------------------------------------------------


def title_in(text: str) -> tuple[str, int, int] | None:
    """The first role title (or buying group) in a text, by the title grammar."""
    hits = [m for m in lexicon.title_pattern().finditer(text)] + [m for m in lexicon.group_pattern().finditer(text)]
    if not hits:
        return None
    best = min(hits, key=lambda m: (m.start(), -len(m.group(0))))
    return best.group(0).strip(" ,"), best.start(), best.end()


def _signer(readings: list[Reading], facts: DealFacts) -> BuyerRole | None:
    found: list[tuple[str, Reading]] = []
    for reading in _asserted(readings):
        if reading.polarity != "affirmed":
            continue
        value = reading.clause.value if reading.clause.label else reading.clause.text
        title = title_in(value)
        if title is None and reading.clause.label == "signer":
            title = (_short(value), 0, 0)  # "Signer: Anna Weber" names a person, not a title
        if title and title[0]:
            found.append((title[0], reading))
    distinct = _distinct_titles(found)
    if len(distinct) > 1:
        _conflict(facts, "decision_maker", distinct)
        return None
    if not found:
        return None
    title, reading = max(found, key=lambda f: f[1].confidence)
    return _fact(BuyerRole, reading, title=title)


def _distinct_titles(found: list[tuple[str, Reading]]) -> list[tuple[str, Reading]]:
    """One entry per different title; "CFO" and "the CFO, Dana" are the same title."""
    distinct: list[tuple[str, Reading]] = []
    for title, reading in found:
        key = title.lower()
        if not any(key in t.lower() or t.lower() in key for t, _ in distinct):
            distinct.append((title, reading))
    return distinct


def _short(text: str, limit: int = 60) -> str:
    """A value cut at a word boundary, never mid-word."""
    text = text.strip(" .;,:-")
    if len(text) <= limit:
        return text
    cut = text[:limit].rsplit(" ", 1)[0]
    return cut.rstrip(" ,;:-")


# --- Why now, stage, size, type ---------------------------------------------------------------------


def _trigger(readings: list[Reading]) -> DealTrigger | None:
    asserted = _asserted(readings)
    if not asserted:
        return None
    best = max(asserted, key=lambda r: r.confidence)
    present = best.polarity == "affirmed"
    return _fact(DealTrigger, best, present=present, text=_short(best.clause.value or best.clause.text))


def stage_in(text: str) -> str | None:
    """The most advanced stage a text names, by the stage lexicon."""
    for stage, pattern in lexicon.stage_phrases():
        if pattern.search(text):
            return stage
    return None


def _stage(readings: list[Reading], facts: DealFacts) -> StageFact | None:
    stated: list[tuple[str, Reading]] = []
    for reading in _asserted(readings):
        if reading.polarity != "affirmed":
            continue
        stage = stage_in(reading.clause.value or reading.clause.text)
        if stage is None:
            stage, p = reading.prediction.value(_VALUES["stage"])
            if stage is None or p < 0.5:
                continue
        stated.append((stage, reading))
    if not stated:
        return None
    current = max(stated, key=lambda s: (not s[1].clause.quoted, STAGE_ORDER.index(s[0])))
    # A field that states an earlier stage than the notes do is a conflict, not a timeline: "Stage: discovery"
    # beside "we are in redlines". Quoted email history and prose timelines are not.
    fields = [s for s in stated if s[1].clause.label == "stage" and not s[1].clause.quoted]
    disagreeing = [s for s in fields if s[0] != current[0]]
    if disagreeing:
        _conflict(facts, "stage", [current, disagreeing[0]])
        return None
    return _fact(StageFact, current[1], stage=current[0])


def _size(readings: list[Reading], facts: DealFacts) -> MoneyFact | None:
    stated = []
    for reading in _asserted(readings):
        if reading.polarity != "affirmed":
            continue
        amounts = find_money(reading.clause.value or reading.clause.text)
        if amounts:
            money = min(amounts, key=lambda a: a[0].period == "unspecified")[0]
            stated.append((money, reading))
    if not stated:
        return None
    annual = [s for s in stated if s[0].period != "one_time"]
    values = {round(m.annual_amount(), -2) for m, _ in annual}
    currencies = {m.currency for m, _ in annual}
    if len(values) > 1 and len(currencies) == 1 and max(values) > 1.25 * min(values):
        first, second = annual[0], next(s for s in annual if round(s[0].annual_amount(), -2) != round(annual[0][0].annual_amount(), -2))
        _conflict(facts, "deal_size", [(_amount(first[0]), first[1]), (_amount(second[0]), second[1])])
        return None
    money, reading = max(stated, key=lambda s: (s[0].period != "unspecified", s[1].confidence))
    return _fact(MoneyFact, reading, money=money)


def _amount(money) -> str:
    return f"{money.currency} {money.amount:,.0f}{' a month' if money.period == 'monthly' else ''}"


def _deal_type(readings: list[Reading]) -> DealTypeFact | None:
    for reading in sorted(_asserted(readings), key=lambda r: -r.confidence):
        if reading.polarity != "affirmed":
            continue
        value, p = reading.prediction.value(_VALUES["deal_type"])
        if value and p >= 0.5:
            return _fact(DealTypeFact, reading, deal_type=value)
    return None


def _flag(readings: list[Reading]) -> FlagFact | None:
    asserted = _asserted(readings)
    if not asserted:
        return None
    best = max(asserted, key=lambda r: r.confidence)
    return _fact(FlagFact, best, value=best.polarity == "affirmed")


# --- What the partner adds, trust, noise ------------------------------------------------------------


def _leverage(readings: list[Reading]) -> PartnerLeverage | None:
    asserted = _asserted(readings)
    if not asserted:
        return None
    best = max(asserted, key=lambda r: r.confidence)
    if best.polarity == "negated":
        return _fact(PartnerLeverage, best, present=False, text=_short(best.clause.value or best.clause.text))
    kind, p = best.prediction.value(_VALUES["leverage"])
    return _fact(
        PartnerLeverage,
        best,
        present=True,
        type=kind if p >= 0.4 else None,
        text=_short(best.clause.value or best.clause.text),
    )


def _trust(by_slot: dict[str, list[Reading]], facts: DealFacts) -> TrustQuestions:
    answers: dict[str, TrustAnswer] = {}
    for slot, question in TRUST_SLOTS.items():
        asserted = _asserted(by_slot.get(slot, []))
        said = {("yes" if r.polarity == "affirmed" else "no"): r for r in sorted(asserted, key=lambda r: r.confidence)}
        if len(said) > 1:
            _conflict(facts, f"trust.{question}", [("yes", said["yes"]), ("no", said["no"])])
            continue
        for answer, reading in said.items():
            answers[question] = TrustAnswer(answer=answer, quote=reading.clause.text, start=reading.clause.start)
    return TrustQuestions(**answers)


def _noise(readings: list[Reading]) -> list[NoiseRisk]:
    found: list[NoiseRisk] = []
    for reading in _asserted(readings):
        if reading.polarity != "affirmed":
            continue
        value, p = reading.prediction.value(_VALUES["noise"])
        kind = (value or "noise:other").removeprefix("noise:")
        if kind not in {n.kind for n in found}:
            found.append(_fact(NoiseRisk, reading, kind=kind, text=_short(reading.clause.text)))
    return found


# --- The account: names and profile -----------------------------------------------------------------


def _names(readings: list[Reading], facts: DealFacts) -> None:
    """The account's and the partner's names, from their field labels."""
    for reading in readings:
        clause = reading.clause
        if clause.label in ("account", "partner") and clause.value.strip():
            name = _short(clause.value.split("(")[0].split(",")[0].split(" - ")[0], 50)
            if name and getattr(facts, clause.label) is None:
                setattr(facts, clause.label, name)


def _profile(readings: list[Reading], facts: DealFacts) -> None:
    """Industry, region, head count and revenue, from clauses about the account (never inside a title)."""
    for reading in readings:
        clause = reading.clause
        about_account = clause.label in ("account", "account_profile") or (
            reading.prediction.about == "account" and reading.slot in ("account_profile", "other", "signer", "trigger")
        )
        if not about_account or reading.polarity in ("negated", "hedged"):
            continue
        text = _without_titles(clause.text)
        if facts.industry is None and (m := lexicon.industry_pattern().search(text)):
            facts.industry = _fact(TextFact, reading, value=lexicon.industry_of(m.group(0)).name)
        if facts.region is None and (m := lexicon.place_pattern().search(text)):
            place = lexicon.place_of(m.group(0))
            if place is not None:
                facts.region = _fact(TextFact, reading, value=place.name)
        if facts.employees is None and (count := find_count(text)):
            facts.employees = _fact(NumberFact, reading, value=count[0])


def _without_titles(text: str) -> str:
    """The text with every role title blanked out: "Dir. Patient Financial Services" is nobody's industry."""
    for pattern in (lexicon.title_pattern(),):
        text = pattern.sub(lambda m: " " * len(m.group(0)), text)
    return text
