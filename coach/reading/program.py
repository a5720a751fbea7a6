"""A program description (or one chat message) -> ProgramDraft, from classified clauses and the value grammars.

The same pipeline as account notes (coach/reading/deal.py), with the program model: each clause is classified
into a program slot (an ICP condition, its evidence, the three buyer roles, the trigger, the metric, trust,
a leverage zone, an exclusion, a noise risk) with a polarity and a value (the condition's dimension, the
metric's kind, the trust form, the leverage type, the exclusion kind). The value grammars of coach/lexicon
then read what the words name: a title, an amount, a head count, a place, an industry, a system, a stage, a
date, a trigger's kind. A fact below `THRESHOLD` confidence is not read; a denied slot ("no exclusions yet")
states nothing; a hedged trigger ("when they're ready") is kept as a trigger that is not an event.
"""

from __future__ import annotations

import re

from coach import lexicon
from coach.framework import (
    STAGE_ORDER,
    BeforeAfter,
    BuyerRole,
    Exclusion,
    Fact,
    IcpCondition,
    IcpEvidence,
    LeverageZone,
    NoiseRisk,
    ProgramDraft,
    SuccessMetric,
    Trigger,
    TrustStanding,
)
from coach.reading.classifier import classifier, has_cue, label_answer, negation_spans, tokens
from coach.reading.deal import Reading, comma_parts, leverage_in, stage_in, title_in, within, without_titles
from coach.reading.money import find_money, find_money_range, find_size_bounds, without_money
from coach.reading.segment import Clause, clauses, label_slot
from coach.reading.text import shorten

# Below this confidence (slot probability x polarity probability) a clause states nothing. Chosen on the
# development programs (evals/cases/programs) with the deal reader's rule: a wrong fact is worse than none.
THRESHOLD = 0.3
# A leverage zone makes a program eligible: it needs a surer reading than a fact that only adds detail.
LEVERAGE_THRESHOLD = 0.5
# A clause of three words or fewer ("Buyer map.", "Leverage.") is usually a heading: it states a fact only when
# read surely ("The CFO signs.").
SHORT_CLAUSE_P = 0.5
# The deal model's confidence at which a clause is an instruction to an assistant (data, never a fact).
INSTRUCTION_P = 0.5
# A field label names the slot unless the classifier all but rules it out ("Trigger: none").
LABEL_FLOOR = 0.05
LABELLED_SLOT_P = 0.9
BUYER_SLOTS = {"buyer.decision_maker": "decision_maker", "buyer.influencer": "influencer", "buyer.blocker": "blocker"}
_PEOPLE = {"employees", "staff", "people", "fte", "ftes", "emp", "headcount"}


def _values(slot: str) -> tuple[str, ...]:
    """The value head's classes for one program slot ("program.metric:speed" ...)."""
    return tuple(c for c in classifier("program").heads["value"].classes if c.startswith(f"{slot}:"))


def _read(clause: Clause) -> Reading:
    prediction = classifier("program").predict(clause.said, clause.label, clause.value if clause.label else None)
    slot, slot_p = prediction.slot, prediction.slot_p
    if clause.label and prediction.slots.get(clause.label, 0.0) >= LABEL_FLOOR:
        slot, slot_p = clause.label, max(LABELLED_SLOT_P, prediction.slots[clause.label])
    polarity, polarity_p = prediction.polarity, prediction.polarity_p
    if clause.label and label_answer(clause.value) == "no":  # "Exclusions: none", "Trigger: n/a"
        polarity, polarity_p = "negated", max(polarity_p, LABELLED_SLOT_P)
    if clause.question:
        polarity = "unknown"
    return Reading(clause, slot, polarity, slot_p * polarity_p, prediction)


def _instruction(clause: Clause) -> bool:
    prediction = classifier("deal").predict(clause.said)
    return prediction.slot == "instruction" and prediction.slot_p >= INSTRUCTION_P


def read_program_clauses(text: str) -> tuple[list[Reading], int]:
    """Every clause of the canonical text classified (and the parts of a clause that lists several facts), and
    how many clauses were instructions to an assistant (skipped)."""
    readings: list[Reading] = []
    instructions = 0
    for clause in clauses(text, "program"):
        if clause.quoted:  # quoted email history is someone else's earlier message, not this program
            continue
        if _instruction(clause):
            instructions += 1
            continue
        # A label alone ("Why now?") states nothing; a labelled value ("Signs / owns budget: the VP") does.
        if not (clause.label and clause.value.strip(" .:?!*#")) and label_slot(clause.text.strip(" .:?!*#"), "program"):
            continue
        whole = _read(clause)
        if len(clause.text.split()) <= 3 and whole.confidence < SHORT_CLAUSE_P:  # "Buyer map." is a heading
            continue
        pieces = comma_parts(clause)
        if clause.label and pieces and whole.slot != "icp.condition":
            # "Not allowed: deals under GBP 50k, and accounts where we have an exec sponsor": a labelled list is
            # one fact per part, each under the label (an ICP keeps its whole sentence as the statement too).
            labelled = [Clause(p.text, p.start, clause.label, 0, p.quoted, p.line) for p in pieces]
            readings += [within(_read(part), whole) for part in labelled]
            continue
        readings.append(whole)
        parts = [within(_read(part), whole) for part in pieces]
        readings += [p for p in parts if p.slot != whole.slot and p.slot != "other"]
    return readings, instructions


def read_program(text: str, current: ProgramDraft | None = None) -> tuple[ProgramDraft, int]:
    """Every program fact the canonical text states, and how many clauses were instructions (ignored).

    `current` is the draft so far: a bare answer ("The VP of Finance.") fills the buyer role it still lacks.
    """
    readings, instructions = read_program_clauses(text)
    by_slot: dict[str, list[Reading]] = {}
    for reading in readings:
        by_slot.setdefault(reading.slot, []).append(reading)
    draft = ProgramDraft()
    _icp(by_slot, draft)
    _buyers(by_slot, draft, readings, current)
    titles = {
        kind: role.title
        if (role := getattr(draft.buyers, kind) or (getattr(current.buyers, kind) if current else None))
        else None
        for kind in BUYER_SLOTS.values()
    }
    draft.trigger = _trigger(by_slot.get("program.trigger", []))
    draft.metrics = [
        _fact(SuccessMetric, r, kind=_value(r, "program.metric") or "other", text=_text(r, 80))
        for r in _affirmed(by_slot.get("program.metric", []))
    ]
    draft.trust = [
        _fact(TrustStanding, r, form=_value(r, "program.trust") or "other", role=role_of(r.clause.text, titles),
              text=_text(r, 100))
        for r in _affirmed(by_slot.get("program.trust", []))
    ]  # fmt: skip
    draft.leverage = _leverage(readings, titles)
    draft.noise_risks = [
        _fact(NoiseRisk, r, kind=_value(r, "program.noise") or "other", text=_text(r, 100))
        for r in _affirmed(by_slot.get("program.noise", []))
    ]
    draft.exclusions += [_exclusion(r) for r in _affirmed(by_slot.get("program.exclusion", []))]
    draft.open_questions = [
        Fact(quote=r.clause.text, start=r.clause.start, confidence=round(r.confidence, 3))
        for r in readings
        # A question the person asks ("What is a buying trigger?") is for the coach, not a gap in the program.
        if r.polarity == "unknown" and not r.clause.question and r.slot != "other" and r.confidence >= THRESHOLD
    ]
    return draft, instructions


# --- Shared steps -----------------------------------------------------------------------------------


def _affirmed(readings: list[Reading]) -> list[Reading]:
    """The readings that state their slot, confidently enough, one per clause."""
    seen: set[int] = set()
    found = []
    for r in readings:
        if (
            r.polarity == "affirmed"
            and r.confidence >= THRESHOLD
            and not r.clause.question
            and r.clause.start not in seen
        ):
            seen.add(r.clause.start)
            found.append(r)
    return found


def _fact(cls, reading: Reading, **fields):
    """A fact quoting the whole clause, with the reading's confidence."""
    clause = reading.clause
    return cls(quote=clause.text, start=clause.start, confidence=round(reading.confidence, 3), **fields)


def _value(reading: Reading, slot: str) -> str | None:
    value, _p = reading.prediction.value(_values(slot))
    return value.split(":", 1)[1] if value else None


def _text(reading: Reading, limit: int) -> str:
    """The clause's words without its label, cut at a word boundary."""
    return shorten(reading.clause.value.strip(" .;,") or reading.clause.text, limit)


def role_of(text: str, titles: dict[str, str | None]) -> str | None:
    """Which buyer role a phrase is about: the draft's own titles first, then the role lexicon."""
    lower = text.lower()
    for kind, title in titles.items():
        if title and re.search(rf"(?<!\w){re.escape(title.lower())}(?!\w)", lower):
            return kind
    hits = [(m.start(), kind) for kind, pattern in lexicon.role_phrases() if (m := pattern.search(text))]
    return min(hits)[1] if hits else None


# --- ICP --------------------------------------------------------------------------------------------


def _icp(by_slot: dict[str, list[Reading]], draft: ProgramDraft) -> None:
    stated = _affirmed(by_slot.get("icp.condition", []))
    if stated:
        first = min(stated, key=lambda r: r.clause.start)
        draft.icp.statement = Fact(
            quote=first.clause.text, start=first.clause.start, confidence=round(first.confidence, 3)
        )
    seen: set[tuple[str, str]] = set()
    for reading in stated:
        # "Clinics, rehab and home health are not a fit": what the sentence names is outside the ICP.
        if lexicon.not_fit_pattern().search(reading.clause.text):
            draft.exclusions.append(
                _fact(Exclusion, reading, kind="segment", text=_text(reading, 100), threshold=None, stage=None)
            )
            continue
        for condition in conditions(reading.clause, _value(reading, "icp.condition")):
            if (condition.dimension, condition.text.lower()) not in seen:
                seen.add((condition.dimension, condition.text.lower()))
                condition.confidence = round(reading.confidence, 3)
                draft.icp.conditions.append(condition)
    draft.icp.evidence = [
        _fact(IcpEvidence, r, kind=_value(r, "icp.evidence") or "where_deals_close", text=_text(r, 100))
        for r in _affirmed(by_slot.get("icp.evidence", []))
    ]


def conditions(clause: Clause, dimension: str | None) -> list[IcpCondition]:
    """The checkable conditions the value grammars find in one ICP clause: a head count, revenue or deal-size
    bounds (which of the two, the classifier's dimension says), industries, places and systems."""
    text, found = clause.text, []

    def add(start: int, end: int, **fields: object) -> None:
        found.append(IcpCondition(quote=text[start:end], start=clause.start + start, text=text[start:end], **fields))

    if bounds := find_size_bounds(text):
        lo, hi, s, e = bounds
        unit = text[s:e].split()[-1].lower().rstrip(".,")
        # Counted in something other than people (lawyers, beds): name the unit so no one compares employees.
        add(s, e, dimension="company_size", minimum=lo, maximum=hi, values=[] if unit in _PEOPLE else [unit])
    money_dimension = "deal_size" if dimension == "deal_size" else "revenue" if dimension == "revenue" else None
    if money_dimension and (span := find_money_range(text)):
        lo, hi, currency, s, e = span
        add(s, e, dimension=money_dimension, minimum=lo, maximum=hi, currency=currency)
    elif money_dimension and (amounts := find_money(text)):
        (first, s, _), (last, _, e) = amounts[0], amounts[-1]
        at_least = len(amounts) > 1 or re.search(
            r"\b(?:over|above|more than|at least|north of|min\w*)\b|\+", text, re.I
        )
        lo = first.amount if at_least else None
        hi = last.amount if len(amounts) > 1 or not at_least else None
        add(s, e, dimension=money_dimension, minimum=lo, maximum=hi, currency=first.currency)
    tech, systems = lexicon.tech_pattern()
    # "We do not take on clients in crypto": a value inside negation scope is not what the ICP targets.
    undenied = without_money(without_titles(text))
    for s, e in negation_spans(text):
        undenied = undenied[:s] + " " * (e - s) + undenied[e:]
    for name, pattern, canonical in (
        ("industry", lexicon.industry_pattern(), lambda w: i.name if (i := lexicon.industry_of(w)) else w),
        ("region", lexicon.place_pattern(), lambda w: p.name if (p := lexicon.place_of(w)) else w),
        ("tech_stack", tech, lambda w: systems.get(w.lower(), w)),
    ):
        hits = list(pattern.finditer(undenied))
        if hits:
            values = list(dict.fromkeys(canonical(m.group(0)) for m in hits))  # each value once, in order
            add(hits[0].start(), hits[-1].end(), dimension=name, values=values)
    return found


# --- Buyers -----------------------------------------------------------------------------------------


def _buyers(
    by_slot: dict[str, list[Reading]], draft: ProgramDraft, readings: list[Reading], current: ProgramDraft | None
) -> None:
    taken: set[str] = set()
    for slot, kind in BUYER_SLOTS.items():
        for reading in sorted(_affirmed(by_slot.get(slot, [])), key=lambda r: -r.confidence):
            value = reading.clause.value if reading.clause.label else reading.clause.text
            # A clause that names several roles ("the CFO signs; Procurement can block") gives each slot a title
            # another slot has not taken.
            name = next((t for t in roles_in(value) if t.lower() not in taken), None)
            if name is None and reading.clause.label:
                name = shorten(value.strip(" .;,"), 80)
            if name:
                taken.add(name.lower())
                setattr(draft.buyers, kind, _fact(BuyerRole, reading, title=name))
                break
    # A bare answer to the coach's question ("The VP of Finance.") fills the role the draft still lacks.
    if current is None or len(readings) != 1 or len(readings[0].clause.text) >= 60:
        return
    title = title_in(readings[0].clause.text)
    if title is None or any(getattr(draft.buyers, kind) for kind in BUYER_SLOTS.values()):
        return
    for kind in BUYER_SLOTS.values():
        if getattr(current.buyers, kind) is None:
            setattr(draft.buyers, kind, _fact(BuyerRole, readings[0], title=title[0]))
            return


def roles_in(text: str) -> list[str]:
    """Every role a text names, in order: titles and groups by the title grammar, and bare functions
    ("Procurement", "IT security") that name a team."""
    people = [*lexicon.title_pattern().finditer(text), *lexicon.group_pattern().finditer(text)]
    hits = people + list(lexicon.function_pattern().finditer(text))
    # A person's title first, then a team; an overlap keeps the earlier, longer one.
    hits.sort(key=lambda m: (m.start(), -len(m.group(0))))
    found: list[str] = []
    end = -1
    for m in hits:
        if m.start() >= end:
            found.append(m.group(0).strip(" ,"))
            end = m.end()
    return found


# --- Trigger ----------------------------------------------------------------------------------------


def trigger_kind(text: str) -> str:
    """The kind of event a trigger names, by the trigger lexicon; a date alone makes a deadline."""
    hits = [(m.start(), kind) for kind, pattern in lexicon.trigger_phrases() if (m := pattern.search(text))]
    arrivals = lexicon.load("program")["new_leader"]["words"]
    for m in lexicon.title_pattern().finditer(text):  # "when a new managing director arrives"
        before = " ".join(text[: m.start()].lower().split()[-3:])
        if any(f" {word} " in f" {before} " for word in arrivals):
            hits.append((m.start(), "leadership_change"))
    if hits:
        return min(hits)[1]
    return "deadline" if lexicon.date_pattern().search(text) else "other"


def _trigger(readings: list[Reading]) -> Trigger | None:
    usable = [
        r
        for r in readings
        if r.polarity in ("affirmed", "hedged") and r.confidence >= THRESHOLD and not r.clause.question
    ]
    if not usable:
        return None
    # An event beats a non-event: an affirmed clause that names a kind of event, then any affirmed one, then the
    # surest reading.
    kinds = {r.clause.start: trigger_kind(r.clause.value) if r.polarity == "affirmed" else "other" for r in usable}
    best = max(usable, key=lambda r: (kinds[r.clause.start] != "other", r.polarity == "affirmed", r.confidence))
    kind = kinds[best.clause.start]
    return _fact(Trigger, best, kind=kind, text=_text(best, 100))


# --- Leverage and its before-and-after --------------------------------------------------------------

# The shapes a before-and-after takes, whatever it measures: "from six weeks to two", "in two weeks, not six",
# "two weeks instead of six", "before: ...; after: ...", "six weeks today, two weeks with a partner".
_CHANGE = [
    re.compile(r"\bfrom (?P<before>[^,;.]{2,60}?) (?:down |up )?to (?P<after>[^,;.]{2,60})", re.I),
    re.compile(r"\bbefore\s*[:=-]\s*(?P<before>[^;.]+?)\s*[;,.]?\s*after\s*[:=-]\s*(?P<after>[^;.]+)", re.I),
    re.compile(r"(?P<after>[^,;.]{2,80}?),? (?:instead of|rather than|versus|vs\.?) (?P<before>[^,;.]{1,50})", re.I),
    re.compile(r"(?P<after>\bin [^,;.()]{1,30}?),? not (?P<before>[^,;.()]{1,30})", re.I),
    re.compile(
        r"(?P<before>\w+ (?:hours?|days?|weeks?|months?)) (?:today|now|currently)[,;]? (?:(?:and|but|vs\.?|->|→) )?"
        r"(?P<after>\w+ (?:hours?|days?|weeks?|months?))",
        re.I,
    ),
]
_NOW = re.compile(r"\b(?:today|now|currently|at the moment|without (?:a |the )?partners?)\b", re.I)
_BEFORE = re.compile(r"\s*(?:before|today|now|currently)\b", re.I)
_BEFORE_IN = re.compile(r"[:;,]\s*before\b", re.I)  # "...in discovery: before, the VP sees us as one more tool"
_THEN = re.compile(r"\b(?:with (?:a |the |their )?partners?|when (?:a |the )?partners?|once|after)\b", re.I)


def change_in(clause: Clause) -> BeforeAfter | None:
    """A before-and-after stated inside one clause, by the change grammar."""
    for pattern in _CHANGE:
        if m := pattern.search(clause.text):
            return BeforeAfter(
                quote=m.group(0), start=clause.start + m.start(), before=m.group("before").strip(),
                after=m.group("after").strip(),
            )  # fmt: skip
    return None


def _leverage(readings: list[Reading], titles: dict[str, str | None]) -> list[LeverageZone]:
    zones: list[LeverageZone] = []
    ordered = sorted({r.clause.start: r for r in readings}.values(), key=lambda r: r.clause.start)
    stated = {
        r.clause.start
        for r in _affirmed([r for r in readings if r.slot == "program.leverage"])
        if r.confidence >= LEVERAGE_THRESHOLD
    }
    for i, reading in enumerate(ordered):
        # The leverage lexicon's words name the type outright ("speed for the Head of IT"); else the value head.
        kind = None
        if reading.clause.start in stated:
            kind = leverage_in(reading.clause.text) or _value(reading, "program.leverage")
        change = change_in(reading.clause)
        follows_zone = (
            bool(zones) and zones[-1].change is None and i > 0 and ordered[i - 1].clause.start == zones[-1].start
        )
        if change and follows_zone and not roles_in(reading.clause.text):
            # "...speed for the Head of IT in evaluation, the assessment in 3 weeks instead of 10": the part after a
            # zone that states a before-and-after for no role of its own is that zone's.
            zones[-1].change = change
            continue
        if kind in ("signal", "speed", "confidence"):
            zone = _fact(LeverageZone, reading, type=kind, text=_text(reading, 100))
            zone.role = role_of(reading.clause.text, titles)
            stage = stage_in(reading.clause.text)
            zone.stage = stage if stage not in (None, "closed", "post_sale") else None
            zone.change = change or _split_change(ordered, i)
            zones.append(zone)
        elif change and follows_zone:  # the sentence right after a zone often states its before-and-after
            zones[-1].change = change
    return zones


def _split_change(ordered: list[Reading], i: int) -> BeforeAfter | None:
    """A before-and-after across clauses: 'Today the review takes two months; with a partner vouching, two weeks.'
    (the zone's own clause, then the after), or '...in discovery: before, the VP sees us as one more tool; after
    the auditor vouches, one meeting' (the before and the after in the two clauses that follow the zone)."""
    # The clauses after the zone's own, skipping the parts read inside it.
    following = [r.clause for r in ordered[i + 1 :] if r.clause.start >= ordered[i].clause.end]
    chain = [ordered[i].clause, *following[:2]]
    for at in (0, 1):
        if at + 1 >= len(chain):
            break
        here, after = chain[at], chain[at + 1]
        opens = (_NOW.search(here.text) or _BEFORE_IN.search(here.text)) if at == 0 else _BEFORE.match(here.text)
        if opens and _THEN.match(after.text.strip()):
            before, after_text = shorten(here.text, 100), shorten(after.text, 100)
            return BeforeAfter(quote=here.text, start=here.start, before=before, after=after_text)
    return None


# --- Exclusions -------------------------------------------------------------------------------------


def barred_stage(text: str) -> str | None:
    """The first stage an exclusion bars partners from: the earliest stage it names ("in legal review, contract
    negotiation or later" bars legal review on), where a stage before legal review after an `after` cue ("no
    partners after the pilot") bars the stage that follows it. "After legal review" bars legal review itself, as the
    rulebook says it: "past legal review (redlines, contract negotiation)"."""
    legal = STAGE_ORDER.index("legal_review")
    barred = []
    for stage, pattern in lexicon.stage_phrases():
        for m in pattern.finditer(text):
            following = has_cue(" ".join(tokens(text[: m.start()])[-3:]), "after") and STAGE_ORDER.index(stage) < legal
            at = STAGE_ORDER.index(stage) + (1 if following else 0)
            barred.append(min(at, len(STAGE_ORDER) - 1))
    return STAGE_ORDER[min(barred)] if barred else None


def _exclusion(reading: Reading) -> Exclusion:
    kind = _value(reading, "program.exclusion") or "vague"
    text = reading.clause.text
    amounts = find_money(text)
    threshold = amounts[0][0] if amounts and kind in ("deal_size", "vague") else None
    stage = barred_stage(text)
    return _fact(
        Exclusion,
        reading,
        kind="deal_size" if threshold else ("other" if kind == "vague" else kind),
        text=_text(reading, 100),
        threshold=threshold,
        stage=stage if kind == "stage_too_late" else None,
    )
