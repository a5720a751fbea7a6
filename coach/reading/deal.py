"""Account notes -> DealFacts, from classified clauses and the value grammars.

Each clause is classified (slot, polarity, about whom, value); the value grammars then read the value
(a title, an amount, a stage, a place). A fact's confidence is the product of the classifier's
probabilities; below `THRESHOLD` the fact is unknown, never guessed. Two confident statements of one
fact with different values are a conflict: the fact is unknown and both quotes are kept.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace
from functools import cache

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
    Money,
    MoneyFact,
    NoiseRisk,
    NumberFact,
    PartnerLeverage,
    StageFact,
    TextFact,
    TrustAnswer,
    TrustQuestions,
)
from coach.reading.classifier import Prediction, classifier, has_cue, tokens
from coach.reading.money import find_count, find_money, find_money_range, without_money
from coach.reading.people import people, title_of_named
from coach.reading.segment import SPEAKER, Clause, clauses, label_slot
from coach.reading.text import shorten

# Below this confidence (slot probability x polarity probability) a clause asserts nothing. Chosen on the
# development notes so that false facts stay rare (evals/corpus/README.md has the sweep).
THRESHOLD = 0.3
# Facts whose "yes" alone excludes the partner (NO GO) must be read surer than the rest: a wrong one costs a deal.
SLOT_THRESHOLD = {"vendor_trust": 0.6, "direct_motion": 0.6}
# ...and their "yes" surer still. Read from the dev and holdout notes: every "the buyer already trusts us" that a
# writer meant was read at 0.8 or more and every repeatable motion at 0.9 or more, while the misread ones spread
# from 0.6 up (`evals/corpus/README.md`, eighth session). Below these a "yes" is left unknown.
YES_THRESHOLD = {"vendor_trust": 0.8, "direct_motion": 0.9}
# A field label names the slot itself; the classifier then only has to read the polarity.
LABELLED_SLOT_P = 0.9
# ...unless the classifier all but rules the label's slot out ("Role: our AE" is not what the partner adds).
LABEL_FLOOR = 0.05

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
# Two statements of one fact make a conflict only when both are read with at least this confidence; below it
# the more confident statement stands and the other is not taken as a fact.
CONFLICT_CONFIDENCE = 0.6
# For the facts outside the rulebook's conflict list (why now, what the partner adds, the two exclusion flags)
# notes often say both over time ("no budget last year; budget released in May"): only two very sure statements
# conflict there; otherwise the surer one stands.
LABELLED_RIVAL = 0.85
SURE_CONFLICT = {"trigger": 0.85, "leverage": 0.85, "buyer_trusts_vendor": 0.85, "repeatable_direct_motion": 0.85}
# One deal is not read at two scales: an amount this many times the smallest amount stated for the deal is the
# account's money (its revenue, a wider program's budget: "EUR 145k first year" beside "up from EUR 372M"), not a
# rival size. Two sizes of one deal ("$145k" against "$1.45M", a typo or a change) stay within it and conflict.
ACCOUNT_SCALE = 100


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
        bar = SLOT_THRESHOLD.get(self.slot, THRESHOLD)
        if self.polarity == "affirmed":
            bar = YES_THRESHOLD.get(self.slot, bar)
        return self.polarity in ("affirmed", "negated") and self.confidence >= bar


def read_clauses(text: str) -> list[Reading]:
    """Every clause of the canonical notes classified, and the comma-separated parts of a clause that lists facts.

    "$34k ARR, eval, new logo, no exec sponsor" says four things: each part is read too. A part only adds
    slots its clause did not assert as a whole (see `_merge_parts`).
    """
    readings = []
    for clause in clauses(text):
        whole = _read(clause)
        if whole.slot == "instruction" and whole.confidence >= THRESHOLD:  # no part of an instruction is a fact
            readings.append(whole)
            continue
        parts = [within(_read(part), whole) for part in comma_parts(clause)]
        found = [whole, *[p for p in parts if p.slot != whole.slot and p.slot not in ("other", "account_profile")]]
        found += _value_readings([whole, *parts])
        if (at := _elsewhere_at(clause)) is not None:  # "their other client is in redlines with us at $150k"
            found = [_as_other(r, _THIS_DEAL) if at < _evidence_at(r) else r for r in found]
        if has_cue(clause.text[: clause.value_start], "future"):  # "Next step: a proposal, pencilled for June"
            found = [_as_other(r, {"stage"}) for r in found]
        readings += found
    return readings


# The facts of this deal that a clause about another deal or client must not give (cues.toml `elsewhere`).
_THIS_DEAL = frozenset({"stage", "deal_size", "signer", "trigger", "deal_type"})


def _cue_spans(text: str, kind: str) -> list[tuple[int, int]]:
    """Where the cue phrases of one kind stand in a text, whole words, case-insensitive."""
    return [(m.start(), m.end()) for m in _cue_pattern(kind).finditer(text)]


@cache
def _cue_pattern(kind: str) -> re.Pattern[str]:
    return lexicon.phrase_pattern(sorted(lexicon.cues(kind)), case_sensitive_short=False)


def _elsewhere_at(clause: Clause) -> int | None:
    """Where a clause starts to speak of another deal (its first `elsewhere` cue, as an offset in the text), or None:
    also None when it names this deal too ("unlike their other deals, this one is in legal review")."""
    spans = _cue_spans(clause.text, "elsewhere")
    if not spans:
        return None
    rest = "".join(" " if any(a <= i < b for a, b in spans) else ch for i, ch in enumerate(clause.text))
    if _cue_spans(rest, "this_deal"):
        return None
    return clause.start + spans[0][0]


def _evidence_at(reading: Reading) -> int:
    """Where a reading's value stands in the text: its stage words, its amount, its title; else the clause's end.
    A cue about another deal that comes after it ("$30k ARR, same as the other deal") does not take it away."""
    text, start = reading.clause.text, reading.clause.start
    if reading.slot == "stage":
        hits = [m.start() for _stage, pattern in lexicon.stage_phrases() if (m := pattern.search(text))]
        return start + min(hits) if hits else reading.clause.end
    if reading.slot == "deal_size" and (amounts := find_money(text)):
        return start + amounts[0][1]
    if reading.slot == "signer" and (title := title_in(text)):
        return start + title[1]
    return reading.clause.end


def _as_other(reading: Reading, slots: frozenset[str] | set[str]) -> Reading:
    """A reading whose slot is one of `slots`, read as `other`: what a clause about another deal says of this
    deal's stage, size, signer, trigger or type is someone else's; a stage under "Next step:" lies ahead."""
    if reading.slot not in slots:
        return reading
    return Reading(reading.clause, "other", reading.polarity, reading.confidence, reading.prediction)


def within(part: Reading, whole: Reading) -> Reading:
    """A part after the words that make its clause ask, doubt or deny is asked, doubted or denied too: "What we
    have not checked: whether they know Raj, whether they have a reference" affirms neither. A part before
    them keeps its own reading ("$84k ARR, no exec sponsor": the size is not denied)."""
    if whole.polarity == "affirmed" or whole.prediction.polarity_p < 0.5 or part.polarity != "affirmed":
        return part
    cue = _first_cue(whole.clause.text)
    if cue is None or whole.clause.start + cue >= part.clause.start:
        return part
    return Reading(part.clause, part.slot, whole.polarity, part.confidence, part.prediction)


_WORD = re.compile(r"[^\W_]+(?:['’][^\W_]+)?")


def _first_cue(text: str) -> int | None:
    """Where the first negation, hedge or unknown cue of a text stands."""
    cues = lexicon.cues("negation") | lexicon.cues("hedge") | lexicon.cues("unknown")
    for m in _WORD.finditer(text):
        word = m.group(0).lower()
        if word in cues or word.endswith("n't"):
            return m.start()
    return None


# Slots whose value a grammar can find: a clause is also read for them when the classifier gives them a fair
# share and the grammar finds the value ("Deal: new logo, $38k ARR" is a deal type and a size).
_VALUE_SLOTS = ("deal_size", "signer", "stage", "leverage")
SECOND_SLOT_P = 0.25


def _value_readings(readings: list[Reading]) -> list[Reading]:
    found = []
    for reading in readings:
        for slot in _VALUE_SLOTS:
            p = reading.prediction.slots.get(slot, 0.0)
            if slot == reading.slot or p < SECOND_SLOT_P or not _grammar_finds(slot, reading.clause.said):
                continue
            found.append(Reading(reading.clause, slot, reading.polarity, p * reading.prediction.polarity_p,
                                 reading.prediction))  # fmt: skip
    return found


def _grammar_finds(slot: str, text: str) -> bool:
    if slot == "deal_size":
        return bool(find_money(text)) and not set(tokens(text)) & lexicon.cues("revenue")
    if slot == "signer":
        return title_in(text) is not None
    if slot == "leverage":
        return leverage_in(text) is not None
    return stage_in(text) is not None


def leverage_in(text: str) -> str | None:
    """The first kind of leverage a text names (signal, speed or confidence), by the leverage lexicon."""
    hits = [(m.start(), kind) for kind, pattern in lexicon.leverage_phrases() if (m := pattern.search(text))]
    return min(hits)[1] if hits else None


def _read(clause: Clause) -> Reading:
    if clause.label == "other":  # "Evaluator: Head of Security" describes the buying group, not who signs
        prediction = classifier().predict(clause.said)
        return Reading(clause, "other", "affirmed", 1.0, prediction)
    label = clause.label if clause.label not in _CONTEXT_LABELS else None
    prediction = classifier().predict(clause.said, clause.label, clause.value if clause.label else None)
    if clause.context in _SECTION_SLOTS:
        prediction = in_section(prediction, clause.context)
    slot, slot_p = prediction.slot, prediction.slot_p
    if label and prediction.slots.get(label, 0.0) >= LABEL_FLOOR:
        slot, slot_p = label, max(LABELLED_SLOT_P, prediction.slots[label])
    # A question nobody answered asks about its slot and asserts nothing.
    polarity, polarity_p = ("unknown" if clause.question else prediction.polarity), prediction.polarity_p
    if clause.answer_start:  # "Who signs? / Their CFO.": the question names the slot, the answer says yes or no
        said = clause.text[clause.answer_start :]
        answer = classifier().predict(said)
        asked = classifier().predict(clause.text[: clause.answer_start])
        polarity, polarity_p = _answered(said, asked) or (answer.polarity, answer.polarity_p)
    return Reading(clause, slot, polarity, slot_p * polarity_p, prediction)


# What a clause in one party's section can speak to: the bullets under "Partner: Northmark" describe the partner
# (what it knows, its standing, what it adds, how it could get in the way), never the account's profile or signer.
_SECTION_SLOTS = {
    "partner": frozenset(
        {"trust.prior_relationship", "trust.category_credibility", "trust.speaks_metric", "trust.proof", "leverage",
         "noise", "other", "instruction"}
    ),
}  # fmt: skip


def in_section(prediction: Prediction, context: str) -> Prediction:
    """The prediction given that the clause sits in a party's section: the slots that section cannot hold are ruled
    out and the rest renormalised (conditioning on the section), and the clause is about that party."""
    allowed = {s: p for s, p in prediction.slots.items() if s in _SECTION_SLOTS[context]}
    total = sum(allowed.values())
    if not allowed or total <= 0:
        return prediction
    slots = {s: p / total for s, p in allowed.items()}
    best = max(slots, key=slots.__getitem__)
    return replace(prediction, slot=best, slot_p=slots[best], slots=slots, about=context, about_p=1.0)


def _answered(answer: str, question: Prediction) -> tuple[str, float] | None:
    """The polarity a bare yes or no gives the question it answers: a yes confirms the question as asked ("no
    exec sponsor on our side, right?" / "correct." is a denial), a no denies an affirmative question and leaves a
    denied one open. None when the answer says more than yes or no (it is read on its own)."""
    if len(answer.split()) > 3:
        return None
    asked = question.polarity if question.polarity in ("affirmed", "negated") else "affirmed"
    if _opens_with(answer, lexicon.cues("yes_answer")):
        return asked, question.polarity_p
    if _opens_with(answer, lexicon.cues("no_answer")):
        return ("negated", question.polarity_p) if asked == "affirmed" else ("unknown", question.polarity_p)
    return None


def _opens_with(text: str, phrases: frozenset[str]) -> bool:
    """The answer is one of the phrases and nothing more than punctuation ("No.", "correct!"): "No idea." is not
    a no, and "No, never" is read on its own."""
    said = text.strip().lower()
    return any(said.startswith(p) and not any(ch.isalnum() for ch in said[len(p) :]) for p in phrases)


def comma_parts(clause: Clause) -> list[Clause]:
    """The comma- or 'and'-separated parts of a clause, when it has two or more (each a clause of its own)."""
    body_at = clause.value_start if clause.label else 0
    parts, pos = [], body_at
    # No break inside brackets: "Lattice Point (B2B SaaS, 260 employees, Atlanta)" is one part.
    breaks = [m for m in _PART_BREAK.finditer(clause.text, body_at) if not _in_brackets(clause.text, m.start())]
    for m in [*breaks, None]:
        end = m.start() if m else len(clause.text)
        piece = clause.text[pos:end]
        text = piece.strip(" .;")
        if any(c.isalpha() for c in text):
            lead = piece.find(text)
            parts.append(
                Clause(text, clause.start + pos + lead, None, 0, clause.quoted, clause.line, context=clause.context)
            )
        pos = m.end() if m else pos
    # A part that only names someone ("The new VP RevOps", "Sean Walsh") is the subject of the part after it:
    # "The new VP RevOps, Sean Walsh, signs the renewal" stays one part; names at the end state nothing alone.
    merged: list[Clause] = []
    subject: Clause | None = None
    for part in parts:
        # "Procurement, together with the bank's vendor-risk team, is who stalls us": a phrase that only modifies
        # the subject waiting for its verb stays with it.
        if _only_names(part.text) or (subject is not None and _MODIFIER.match(part.text)):
            subject = subject or part
            continue
        if subject is not None:
            at = subject.start - clause.start
            part = Clause(
                clause.text[at : part.end - clause.start], subject.start, None, 0, clause.quoted, clause.line,
                context=clause.context,
            )  # fmt: skip
            subject = None
        merged.append(part)
    # A part too short to say anything alone ("the Head of Security personally") belongs to its neighbour.
    merged = [p for p in merged if len(p.text.split()) >= 2 or any(ch.isdigit() for ch in p.text)]
    return merged if len(merged) >= 2 else []


_MODIFIER = re.compile(r"(?:together with|along with|as well as|alongside|including|plus)\b", re.I)


def _in_brackets(text: str, at: int) -> bool:
    before = text[:at]
    return before.count("(") > before.count(")")


_DETERMINERS = re.compile(r"\b(?:the|their|our|his|her|its|a|an|new|former|old|current|interim|acting)\b", re.I)


def _only_names(text: str) -> bool:
    """True for a part that is a role title or a person's name and nothing else."""
    rest = lexicon.title_pattern().sub(" ", text)
    rest = re.sub(r"\b[A-Z][\w.'’-]+\b", " ", rest)  # capitalised words: names
    return not _DETERMINERS.sub(" ", rest).strip(" ,.;:()-")


# A comma, or "and" before a new subject: "they know the CIO and they have a case study".
_PART_BREAK = re.compile(
    r",\s+(?:and\s+)?|\s+and\s+(?=(?:they|we|he|she|it)\b)|\s+/\s+"
    # "signs the renewal and has made it clear he does not know us": a second verb phrase of the same subject
    r"|\s+and\s+(?=(?:has|have|had|is|are|was|were|will|would|does|did|can|also)\b)"
    # "no relationship there and no credibility in lending": a conjunct with its own negation says its own thing
    r"|\s+(?:and|or|nor)\s+(?=(?:no|not|never|nobody|none|zero)\b)",
    re.IGNORECASE,
)


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
    facts.decision_maker = _signer(by_slot.get("signer", []), facts, people(text), readings)
    facts.trigger = _trigger(by_slot.get("trigger", []), facts)
    facts.stage = _stage(by_slot.get("stage", []), facts)
    facts.deal_size = _size(by_slot.get("deal_size", []), facts)
    facts.deal_type = _deal_type(by_slot.get("deal_type", []))
    facts.buyer_trusts_vendor = _flag(by_slot.get("vendor_trust", []), facts, "buyer_trusts_vendor")
    facts.repeatable_direct_motion = _flag(by_slot.get("direct_motion", []), facts, "repeatable_direct_motion")
    facts.leverage = _leverage(by_slot.get("leverage", []), facts)
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


def _settle(
    facts: DealFacts, fact: str, found: list[tuple[str, Reading]], excluding: str | None = None
) -> tuple[str, Reading] | None:
    """One value from statements that may disagree: the labelled, then the most confident; a conflict when two
    confident statements give different values (the fact is then unknown). A field label outweighs a prose
    rival unless the rival is very sure, except a rival that gives the `excluding` value (a trust "no", an
    exclusion's "yes"): a wrong GO costs more than a question, so it needs only the ordinary bar."""
    if not found:
        return None
    ranked = sorted(found, key=lambda f: (_labelled(f[1]), f[1].confidence), reverse=True)
    best = ranked[0]
    bar = SURE_CONFLICT.get(fact, CONFLICT_CONFIDENCE)
    # A field label is explicit: a prose statement overrules it only when read very surely.
    rival_bar = max(bar, LABELLED_RIVAL) if _labelled(best[1]) else bar
    rival = next(
        (
            f
            for f in ranked[1:]
            if not _same(f[0], best[0], fact)
            and f[1].confidence >= (bar if _labelled(f[1]) or f[0] == excluding else rival_bar)
        ),
        None,
    )
    if rival is not None and best[1].confidence >= bar:
        _conflict(facts, fact, [best, rival])
        return None
    return best


def _left_open(readings: list[Reading], chosen: Reading) -> bool:
    """The notes say this fact is not known ("Still unknown: who signs") more surely than they state it. A question
    asked is no such statement: the notes may answer it elsewhere. Only a value that counts toward a GO is then left
    unknown (a wrong fact is worse than an unknown one); a stated "no" stays, since dropping it moves toward GO."""
    said_open = [
        r.confidence
        for r in readings
        if r.polarity == "unknown" and r.slot == chosen.slot and not r.clause.question  # a question only asks
    ]
    return bool(said_open) and max(said_open) >= CONFLICT_CONFIDENCE and max(said_open) > chosen.confidence


def _labelled(reading: Reading) -> bool:
    """The clause carries a field label naming its own slot ("Signer: CFO"), not a context ("Partner: Ardent")."""
    return reading.clause.label == reading.slot


def _same(a: str, b: str, fact: str = "") -> bool:
    """Two values name the same thing: "CFO" and "the CFO, Dana"; equal stages or answers; for who signs, one
    title in two spellings ("VP of RevOps", "VP Revenue Operations"; "CFO", "Chief Financial Officer")."""
    if fact == "decision_maker":
        ka, kb = lexicon.title_key(a), lexicon.title_key(b)
        small, big = sorted((ka, kb), key=len)
        # Equal titles, or one title and the same with a person's name: the extra words are no title's words.
        if small and small <= big and not (big - small) & lexicon.title_words():
            return True
    a, b = a.lower(), b.lower()
    return a == b or a in b or b in a


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


# How many lines above a signing statement the person its pronoun points back to may be named.
POINTER_REACH = 3


def _signer(
    readings: list[Reading], facts: DealFacts, directory: dict[str, str], everything: list[Reading] = ()
) -> BuyerRole | None:
    """Who signs: the title a signing statement names, or the title of the person it names by name ("Budget:
    Priyanka owns it", after "Priyanka Shah, VP of Engineering"), or of the person who says it ("Dwayne: it's my
    budget", "From Priya Nair (VP RevOps): ... I'll sign"). A group ("the board approves the budget") never contests a
    person's title: the person signs and the group stands behind them."""
    found: list[tuple[str, Reading]] = []
    for reading in _asserted(readings):
        if reading.polarity != "affirmed":
            continue
        value = reading.clause.value if reading.clause.label else reading.clause.text
        title = title_in(value)
        if title is None and (named := title_of_named(value, directory)):
            title = (named, 0, 0)
        if title is None and (pointed := _pointed_to(reading.clause, directory, everything)):
            title = (pointed, 0, 0)
        if title is None and reading.clause.label == "signer":
            title = (_short(value), 0, 0)  # "Signer: Anna Weber" names a person, not a title
        if title and title[0]:
            found.append((title[0], reading))
    # "The CFO co-signs above 500k" names a second signer beside the one who signs: not a rival value.
    sole = [f for f in found if not lexicon.joint_pattern().search(f[1].clause.text)] or found
    people_only = [f for f in sole if not lexicon.group_pattern().fullmatch(f[0])] or sole
    settled = _settle(facts, "decision_maker", people_only)
    if settled is None or _left_open(readings, settled[1]):
        return None
    return _fact(BuyerRole, settled[1], title=settled[0])


def _pointed_to(clause: Clause, directory: dict[str, str], everything: list[Reading]) -> str | None:
    """The title of the person a clause without a name points back to: its speaker ("Dwayne: I sign"), else, when
    it speaks in the first person ("my budget, I sign"; cues `person_pointer`), the person last named with a title
    within a few lines above or in it."""
    if clause.speaker_end and (speaker := title_of_named(clause.text[: clause.speaker_end], directory)):
        return speaker
    if not has_cue(clause.said, "person_pointer"):
        return None
    last = None
    for reading in sorted(everything, key=lambda r: r.clause.start):
        other = reading.clause
        if other.start > clause.start or other.line < clause.line - POINTER_REACH:
            continue
        if named := title_of_named(other.text, directory):
            last = named
    return last


def _short(text: str, limit: int = 200) -> str:
    """A value cut at a word boundary, never mid-word."""
    return shorten(text, limit)


# --- Why now, stage, size, type ---------------------------------------------------------------------


def _trigger(readings: list[Reading], facts: DealFacts) -> DealTrigger | None:
    said = [("present" if r.polarity == "affirmed" else "absent", r) for r in _asserted(readings)]
    if (settled := _settle(facts, "trigger", said, "absent")) is None:
        return None
    if settled[0] == "present" and _left_open(readings, settled[1]):
        return None
    best = settled[1]
    return _fact(DealTrigger, best, present=settled[0] == "present", text=_short(best.clause.value or best.clause.text))


def stage_in(text: str) -> str | None:
    """The most advanced stage a text names, by the stage lexicon."""
    for stage, pattern in lexicon.stage_phrases():
        if pattern.search(text):
            return stage
    return None


# A stage is ahead of the deal when a future cue stands this many words before or after it in the same phrase
# ("legal review expected in July", "next step: legal review", "Angebot (proposal) ist fuer April geplant").
FUTURE_BEFORE, FUTURE_AFTER = 4, 5
_PHRASE = re.compile(r"[^,;.!?\n]+")
_JOIN = re.compile(r"\s(?:and|but|then|und|aber)\s", re.IGNORECASE)


def current_stage_in(text: str, label: str = "") -> tuple[str | None, bool]:
    """The most advanced stage a text names as where the deal stands, and whether it names any stage at all: a
    stage with a future cue near it (cues.toml `future`), or under a label that is one ("Next step: proposal"), is
    where the deal is going, not where it is."""
    if has_cue(label, "future"):
        return None, stage_in(text) is not None
    phrases = [p for m in _PHRASE.finditer(text) for p in _JOIN.split(m.group(0))]
    named = False
    for stage, pattern in lexicon.stage_phrases():
        for phrase in phrases:
            for m in pattern.finditer(phrase):
                named = True
                near = tokens(phrase[: m.start()])[-FUTURE_BEFORE:] + tokens(phrase[m.end() :])[:FUTURE_AFTER]
                if not has_cue(" ".join(near), "future"):
                    return stage, True
    return None, named


def _stage(readings: list[Reading], facts: DealFacts) -> StageFact | None:
    stated: list[tuple[str, Reading, bool]] = []  # (stage, reading, named by the stage grammar)
    for reading in _asserted(readings):
        if reading.polarity != "affirmed":
            continue
        clause = reading.clause
        stage, planned = current_stage_in(clause.value or clause.text, clause.text[: clause.value_start])
        named = stage is not None
        if stage is None and planned:  # it names only stages ahead of the deal: where it is going
            continue
        if stage is None:
            stage, p = reading.prediction.value(_VALUES["stage"])
            if stage is None or p < 0.5:
                continue
        stated.append((stage, reading, named))
    if not stated:
        return None
    # A current field ("Stage: discovery") is explicit; a field in the past tense ("entered: 2024-01") is history.
    # A sure statement that the deal is further on than the field says contests it (a later stage can exclude
    # the partner: never let the field hide it). An earlier stage contests it only when the sentence's own
    # subject is the stage, named in the stage's words and said now ("we are still in discovery"); a stage word
    # met in passing ("during evaluation") or history ("back in March we were in discovery") does not.
    fields = [s for s in stated if s[1].clause.label == "stage" and not s[1].clause.quoted]
    if fields:
        field = max(fields, key=lambda s: (not _past(s[1].clause.text), s[1].confidence))
        at = STAGE_ORDER.index(field[0])
        rivals = [
            s
            for s in stated
            if s is not field
            and s[1].confidence >= CONFLICT_CONFIDENCE
            and s[0] != field[0]
            and (
                STAGE_ORDER.index(s[0]) > at
                or (s[2] and _primary(s[1]) and not s[1].clause.quoted and not _past(s[1].clause.text))
            )
        ]
        if rivals:
            _conflict(facts, "stage", [(field[0], field[1]), (rivals[0][0], rivals[0][1])])
            return None
        return _fact(StageFact, field[1], stage=field[0])
    # The notes' timeline: the most advanced stage stated with confidence is the current one; quoted email
    # history is older than the message above it.
    sure = [s for s in stated if s[1].confidence >= CONFLICT_CONFIDENCE] or stated
    # "We are still in evaluation" against "legal are already marking up the MSA": a later stage said now is not
    # the next step of a timeline that insists it has not moved on; two people disagree and neither is taken.
    # A later stage told in the past ("the proposal went out last week") is no less past the held one.
    named = [s for s in sure if s[2] and not s[1].clause.quoted]
    for held in (s for s in named if has_cue(s[1].clause.text, "still") and not _past(s[1].clause.text)):
        if rivals := [s for s in named if STAGE_ORDER.index(s[0]) > STAGE_ORDER.index(held[0])]:
            _conflict(facts, "stage", [(held[0], held[1]), (rivals[0][0], rivals[0][1])])
            return None
    current = max(sure, key=lambda s: (not s[1].clause.quoted, STAGE_ORDER.index(s[0]), s[1].confidence))
    return _fact(StageFact, current[1], stage=current[0])


def _past(text: str) -> bool:
    """The text places what it says in the past (the history cue words)."""
    return bool(set(tokens(text)) & lexicon.cues("history"))


def _primary(reading: Reading) -> bool:
    """The clause speaks to this slot itself, not only names one of its values beside its own subject."""
    return reading.slot == reading.prediction.slot or _labelled(reading)


def _size(readings: list[Reading], facts: DealFacts) -> MoneyFact | None:
    stated = []
    # "Possible size EUR 200k", "probably around $90k ARR": a hedged amount is still the amount on the table.
    for reading in readings:
        if reading.polarity not in ("affirmed", "hedged") or reading.confidence < SLOT_THRESHOLD.get(
            "deal_size", THRESHOLD
        ):
            continue
        text = reading.clause.value or reading.clause.text
        amounts = find_money(text)
        if amounts and not (set(tokens(text)) & lexicon.cues("revenue")):
            # An amount with its period first, then one without, a unit price last ("$40 per seat, $96k").
            money = min(amounts, key=lambda a: (a[0].period == "per_unit", a[0].period == "unspecified"))[0]
            stated.append((money, reading))
    if not stated:
        return None
    stated = _deal_scale(stated)
    # Amounts that differ by more than a quarter per year, in one currency, are two sizes of one deal. A one-time
    # total beside a yearly figure is that figure's contract value; alone, it is the size (which the rules cannot
    # put per year), never dropped.
    pool = [(m, r) for m, r in stated if m.period not in ("one_time", "per_unit")] or stated
    by_amount = {_amount(m): (m, r) for m, r in pool}
    found = [(label, r) for label, (_m, r) in by_amount.items()]
    settled = _settle(facts, "deal_size", found)
    if settled is None:
        return None
    money = by_amount[settled[0]][0] if settled[0] in by_amount else stated[0][0]
    rivals = [
        (m, r)
        for m, r in pool
        if r.confidence >= CONFLICT_CONFIDENCE
        and m.currency == money.currency
        and abs(m.annual_amount() - money.annual_amount()) > 0.25 * money.annual_amount()
    ]
    if rivals:  # the two statements that disagree, as quoted
        _conflict(facts, "deal_size", [(_amount(money), settled[1]), (_amount(rivals[0][0]), rivals[0][1])])
        return None
    return _fact(MoneyFact, settled[1], money=money)


def _deal_scale(stated: list[tuple[Money, Reading]]) -> list[tuple[Money, Reading]]:
    """The amounts at the deal's own scale: none of them ACCOUNT_SCALE times the smallest (in US dollars by the
    documented rates; an amount in a currency without a rate is kept)."""
    rates = lexicon.usd_rates()

    def usd(money: Money) -> float | None:
        rate = rates.get(money.currency)
        if money.period == "per_unit":  # a unit price is no scale for the deal: "$40 per seat"
            return None
        return money.annual_amount() * rate if rate is not None and money.annual_amount() > 0 else None

    known = [v for m, _r in stated if (v := usd(m)) is not None]
    if not known:
        return stated
    floor = min(known)
    return [(m, r) for m, r in stated if (v := usd(m)) is None or v < ACCOUNT_SCALE * floor]


def _amount(money: Money) -> str:
    return f"{money.currency} {money.amount:,.0f}{' a month' if money.period == 'monthly' else ''}"


def _deal_type(readings: list[Reading]) -> DealTypeFact | None:
    for reading in sorted(_asserted(readings), key=lambda r: -r.confidence):
        if reading.polarity != "affirmed":
            continue
        value, p = reading.prediction.value(_VALUES["deal_type"])
        if value and p >= 0.5:
            return _fact(DealTypeFact, reading, deal_type=value)
    return None


def _flag(readings: list[Reading], facts: DealFacts, name: str) -> FlagFact | None:
    said = [("yes" if r.polarity == "affirmed" else "no", r) for r in _asserted(readings)]
    if (settled := _settle(facts, name, said, "yes")) is None:
        return None
    return _fact(FlagFact, settled[1], value=settled[0] == "yes")


# --- What the partner adds, trust, noise ------------------------------------------------------------


def _leverage(readings: list[Reading], facts: DealFacts) -> PartnerLeverage | None:
    said = [("named" if r.polarity == "affirmed" else "none", r) for r in _asserted(readings)]
    if (settled := _settle(facts, "leverage", said, "none")) is None:
        return None
    if settled[0] == "named" and _left_open(readings, settled[1]):
        return None
    best = settled[1]
    if best.polarity == "negated":
        return _fact(PartnerLeverage, best, present=False, text=_short(best.clause.value or best.clause.text))
    kind, p = best.prediction.value(_VALUES["leverage"])
    named = leverage_in(best.clause.value or best.clause.text)
    return _fact(
        PartnerLeverage,
        best,
        present=True,
        type=named or (kind if p >= 0.4 else None),
        text=_short(best.clause.value or best.clause.text),
    )


def _trust(by_slot: dict[str, list[Reading]], facts: DealFacts) -> TrustQuestions:
    answers: dict[str, TrustAnswer] = {}
    for slot, question in TRUST_SLOTS.items():
        said = [("yes" if r.polarity == "affirmed" else "no", r) for r in _asserted(by_slot.get(slot, []))]
        if settled := _settle(facts, f"trust.{question}", said, "no"):
            answer, reading = settled
            if answer == "yes" and _left_open(by_slot.get(slot, []), reading):
                continue
            answers[question] = TrustAnswer(answer=answer, quote=reading.clause.text, start=reading.clause.start)
    return TrustQuestions(**answers)


def _noise(readings: list[Reading]) -> list[NoiseRisk]:
    found: list[NoiseRisk] = []
    for reading in _asserted(readings):
        if reading.polarity != "affirmed":
            continue
        value, _p = reading.prediction.value(_VALUES["noise"])
        kind = (value or "noise:other").removeprefix("noise:")
        if kind not in {n.kind for n in found}:
            found.append(_fact(NoiseRisk, reading, kind=kind, text=_short(reading.clause.text)))
    return found


# --- The account: names and profile -----------------------------------------------------------------


_NAMED = re.compile(
    r"^(?P<label>[A-Za-z ]{2,20}?)\s+(?:is|would be|will be|=)\s+(?P<name>[A-Z][\w&.'’-]*(?:\s+[A-Z][\w&.'’-]*){0,3})"
)


def _names(readings: list[Reading], facts: DealFacts) -> None:
    """The account's and the partner's names, from their field labels ("Partner: Kestrel", "Partner is Kestrel")."""
    for reading in readings:
        clause = reading.clause
        slot, name = clause.label, clause.value
        if slot not in ("account", "partner") and (m := _NAMED.match(clause.said)):
            slot, name = label_slot(m.group("label")), m.group("name")
        if slot in ("account", "partner") and name.strip():
            name = _short(name.split("(")[0].split(",")[0].split(" - ")[0], 50)
            if name and getattr(facts, slot) is None:
                setattr(facts, slot, name)


_ASIDE = re.compile(r"\(([^()]{3,160})\)")


def _asides(readings: list[Reading], facts: DealFacts) -> None:
    """A bracketed list of what a company is, wherever it stands ("Status on Corva Lending (lending
    infrastructure, ~700 people, Charlotte): ..."): two or more of its parts read by the profile grammars make
    it the account's profile, unless the clause is about the partner or the bracket follows the partner's name."""
    for reading in readings:
        clause = reading.clause
        if reading.prediction.about == "partner":
            continue
        for m in _ASIDE.finditer(clause.text):
            before = clause.text[: m.start()].rstrip()
            if facts.partner and before.lower().endswith(facts.partner.lower()):
                continue
            text = without_money(without_titles(m.group(1)))
            parts = [p for p in re.split(r"[,;/]", text) if p.strip()]
            found = sum(bool(own_industry(p) or lexicon.place_pattern().search(p) or find_count(p)) for p in parts)
            if found >= 2:
                _profile_text(text, reading, facts)


def _profile_text(text: str, reading: Reading, facts: DealFacts) -> None:
    """The industry, region and head count a profile text gives, each only where still unknown; a table cell is
    read with its column heading ("Employees" above "2,240")."""
    if reading.clause.header:
        text = f"{reading.clause.header}: {text}"
    if facts.industry is None and (m := own_industry(text)):
        facts.industry = _fact(TextFact, reading, value=lexicon.industry_of(m.group(0)).name)
    if facts.region is None and (m := lexicon.place_pattern().search(text)):
        place = lexicon.place_of(m.group(0))
        if place is not None:
            facts.region = _fact(TextFact, reading, value=place.name)
    if facts.employees is None and (count := find_count(text)):
        facts.employees = _fact(NumberFact, reading, value=count[0])


def _profile(readings: list[Reading], facts: DealFacts) -> None:
    """Industry, region, head count and revenue, from clauses about the account (never inside a title)."""
    _asides(readings, facts)
    for reading in readings:
        clause = reading.clause
        about_account = (
            clause.label in ("account", "account_profile")
            or (
                reading.prediction.about == "account"
                and reading.slot in ("account_profile", "other", "signer", "trigger")
            )
            or _only_places(clause.said)  # "Toledo, OH" on its own: where the account is
        )
        if not about_account:
            continue
        # "Health insurer, about 1,300 staff I believe, UK only as far as I know": a hedge or a denial in a
        # profile qualifies its own part; the parts that deny nothing still say what the account is.
        said = clause.text if reading.polarity == "affirmed" else _undenied(clause)
        _profile_text(without_money(without_titles(_without_speakers(said))), reading, facts)
        if facts.revenue is None:
            facts.revenue = _revenue(said, reading)
    _tech(readings, facts)


# How far after a revenue word its amount may stand: "Revenue checked against their 2024 annual report: EUR 2.4B".
REVENUE_REACH = 60
_JUST_BEFORE = re.compile(r"\s*(?:(?:in|of|p\.?a\.?|annual|yearly)\s+)*")


@cache
def _revenue_words() -> re.Pattern[str]:
    return lexicon.phrase_pattern(sorted(lexicon.cues("revenue_words")), case_sensitive_short=False)


def _revenue(text: str, reading: Reading) -> MoneyFact | None:
    """The account's own yearly revenue: an amount right after a revenue word ("turnover of GBP 80m", "Revenue:
    EUR 2.4B") or right before one ("EUR 310M revenue"). A range, or money beside no revenue word, is not read."""
    if find_money_range(text) is not None:
        return None
    amounts = find_money(text)
    for cue in _revenue_words().finditer(text):
        after = [(start, money) for money, start, _end in amounts if 0 <= start - cue.end() <= REVENUE_REACH]
        # Before the word only when nothing but "in" or "of" stands between ("EUR 310M in revenue"): never the
        # previous item of a list ("licence EUR 80k, revenue EUR 900M").
        before = [
            (cue.start() - end, money)
            for money, _start, end in amounts
            if end <= cue.start() and _JUST_BEFORE.fullmatch(text[end : cue.start()])
        ]
        if after or before:
            money = min(after)[1] if after else min(before)[1]
            if money.period in ("unspecified", "one_time"):
                money = money.model_copy(update={"period": "annual"})
            return _fact(MoneyFact, reading, money=money)
    return None


def _without_speakers(text: str) -> str:
    """The text with the speakers' names at the start of its lines blanked out (same length): what a speaker
    said, not who said it ("NC: we're about 90 consultants" names no state)."""
    out = []
    for line in text.splitlines(keepends=True):
        m = SPEAKER.match(line)
        out.append(" " * m.end() + line[m.end() :] if m else line)
    return "".join(out)


def _undenied(clause: Clause) -> str:
    """The clause with every comma part that holds a negation or hedge cue blanked out (same length)."""
    text = clause.text
    for part in comma_parts(clause) or [clause]:
        if _first_cue(part.text) is not None:
            at = part.start - clause.start
            text = text[:at] + " " * len(part.text) + text[at + len(part.text) :]
    return text


def _only_places(text: str) -> bool:
    """A clause that names places and nothing else ("Toledo, OH", "Munich / DACH")."""
    rest = lexicon.place_pattern().sub("", text)
    return rest != text and not re.sub(r"[\s,;/()\-.|]+", "", rest)


# "components for medical devices", "software for hospitals", "selling to banks": the industry after these
# words is the account's customers, not the account.
_CUSTOMERS_OF = re.compile(r"\b(?:for|to|serving|serves|into)\s+(?:the\s+|their\s+)?$", re.I)


def own_industry(text: str) -> re.Match[str] | None:
    """The first industry a text gives the account itself, skipping the industries of its customers. Where two
    industry names share words, the one that ends the phrase is its head: "a health insurance brokerage" is a
    brokerage, not a health insurer."""
    pattern = lexicon.industry_pattern()
    for m in pattern.finditer(text):
        if not _CUSTOMERS_OF.search(text[max(0, m.start() - 30) : m.start()]):
            return _head(pattern, text, m)
    return None


def _head(pattern: re.Pattern[str], text: str, m: re.Match[str]) -> re.Match[str]:
    """The industry name that starts inside `m` and runs past its end, or right after it ("industrial coatings",
    "manufacturing software"), if any (the compound's head), else `m`."""
    for start in range(m.start() + 1, m.end()):
        if (later := pattern.match(text, start)) and later.end() > m.end() and not text[start - 1].isalnum():
            return _head(pattern, text, later)
    gap = len(text[m.end() :]) - len(text[m.end() :].lstrip(" "))
    if 0 < gap <= 2 and (later := pattern.match(text, m.end() + gap)):
        return _head(pattern, text, later)
    return m


def _tech(readings: list[Reading], facts: DealFacts) -> None:
    """Systems the account runs: named in a clause about the account that nothing denies ("no plans to move to
    HubSpot" names a system it does not run) and that does not say the system was retired ("switched off")."""
    pattern, names = lexicon.tech_pattern()
    for reading in readings:
        if reading.polarity != "affirmed" or reading.prediction.about == "partner":
            continue
        for part in comma_parts(reading.clause) or [reading.clause]:
            if part is not reading.clause and _read(part).polarity != "affirmed":
                continue
            if lexicon.retired_pattern().search(part.text):  # "ECC has been switched off": no longer run
                continue
            plan = lexicon.planned_pattern().search(part.text)
            for m in pattern.finditer(part.text):
                if plan is not None and m.start() >= plan.end():  # "decided to move to SAP": not run yet
                    continue
                name = names[m.group(0).lower()]
                if name not in {t.value for t in facts.tech}:
                    facts.tech.append(_fact(TextFact, reading, value=name))


def without_titles(text: str) -> str:
    """The text with every role title blanked out (same length): "Dir. Patient Financial Services" is nobody's
    industry."""
    return lexicon.title_pattern().sub(lambda m: " " * len(m.group(0)), text)
