"""Offline reading of account notes into DealFacts. Every fact quotes the notes; silence stays unknown."""

from __future__ import annotations

import re

from coach.framework import (
    STAGE_ORDER,
    BuyerRole,
    DealFacts,
    DealTrigger,
    DealTypeFact,
    Fact,
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
from coach.reading import vocabulary as v
from coach.reading.steps import (
    answered_role,
    find_role,
    first,
    is_uncertain,
    labelled_role,
    make,
    money_in,
    role_kind,
    stage_in,
    strip_label,
    words_in,
)
from coach.reading.text import Segment, clauses, find_count
from coach.rules.catalog import TRUST_QUESTIONS

_PARTNERISH = re.compile(r"\b(?:partner|si\b|reseller|integrator|consultancy|agency|msp|var\b|ally|alliance)", re.I)
_NAME_LABEL = re.compile(
    r"^(?P<label>account|customer|company|partner|proposed partner)\s*(?::|=|-)\s*"
    r"(?P<name>[^,;(]{2,60}?)(?=\s+(?:brings?|adds?|can|will|would|has|have|is|wants?|offers?)\b|[,;(]|$)",
    re.I,
)
_STAGE_LABEL = re.compile(r"\b(?:stage|status|phase)\s*(?::|=|-|is)\s*(?P<value>.+)", re.I)
_LABELLED_UNKNOWN = re.compile(r"(?::|=|-)\s*(?:unknown|tbd|tbc|\?|n/?a|not (?:yet )?known)\s*$", re.I)


_NAME = r"(?P<name>[A-Z][\w&.'-]*(?: (?:[A-Z][\w&.'-]*|&|of))*)"
_PARTNER_NAMED = [
    re.compile(rf"{_NAME} (?:is|would be|will be) the (?:proposed |suggested )?partner\b"),
    re.compile(rf"\b[Tt]he (?:proposed |suggested )?partner (?:is|would be|will be) {_NAME}"),
    re.compile(rf"\b[Pp]artner (?:is|would be) {_NAME}"),
]
_ACCOUNT_NAMED = re.compile(rf"\b(?:[Aa]ccount|[Ss]tatus on|[Oo]pp(?:ortunity)?:?|[Pp]rospect|[Dd]eal:?) {_NAME}")


def _names(segs: list[Segment], facts: DealFacts) -> None:
    """The account's and the partner's names, from labels first, then from prose."""
    for seg in segs:
        if m := _NAME_LABEL.match(seg.text):
            field = "partner" if "partner" in m.group("label").lower() else "account"
            if getattr(facts, field) is None:
                setattr(facts, field, _clean_name(m.group("name")))
    for seg in segs:
        found = next((m for p in _PARTNER_NAMED if (m := p.search(seg.text))), None)
        if facts.partner is None and found:
            facts.partner = _clean_name(found.group("name"))
        if facts.account is None and (m := _ACCOUNT_NAMED.search(seg.text)):
            facts.account = _clean_name(m.group("name"))


def _clean_name(raw: str) -> str | None:
    """'Quartz Consulting - implemented their...' -> 'Quartz Consulting'; a currency code is no name."""
    name = re.split(r"\s+[-\u2013\u2014]\s+", raw)[0].strip(" .,:;")
    return None if not name or name.upper() in {"EUR", "USD", "GBP", "CAD", "AUD", "ARR"} else name


def read_deal(segs: list[Segment]) -> DealFacts:
    """Every deal fact the notes state, each with its quote."""
    facts = DealFacts()
    _names(segs, facts)
    _account(segs, facts)
    facts.deal_size = _deal_size(segs)
    facts.deal_type = _deal_type(segs)
    facts.stage = _stage(segs)
    facts.repeatable_direct_motion = _flag(segs, v.NO_DIRECT_MOTION, v.DIRECT_MOTION)
    facts.buyer_trusts_vendor = _flag(segs, v.NO_VENDOR_TRUST, v.VENDOR_TRUST, skip=_PARTNERISH)
    facts.decision_maker = _signer(segs)
    facts.trigger = _trigger(segs)
    facts.leverage = _leverage(segs)
    facts.trust = _trust(segs)
    facts.noise = _noise(segs)
    facts.open_questions = [Fact(quote=s.text, start=s.start) for s in segs if v.OPEN_QUESTION.search(s.text)]
    return facts


def _signer(segs: list[Segment]) -> BuyerRole | None:
    if labelled := labelled_role(segs, "decision_maker"):
        seg, start, end, title = labelled
        return make(BuyerRole, seg, start, end, title=title)
    # When the notes say nobody knows who signs, only an explicit "X signs" can name the signer.
    patterns = v.SIGNER[:3] if first(segs, v.NO_SIGNER) else v.SIGNER
    if found := answered_role(segs) or find_role(segs, patterns):
        seg, m, title = found
        return make(BuyerRole, seg, m.start(), m.end(), title=title)
    return None


_ABOUT_PARTNER = re.compile(r"\b(?:credib\w*|known for|reference|relationship|speaks?|talks?|they are|they're)\b", re.I)


def _industry(seg: Segment) -> tuple[str, int, int] | None:
    """The most specific industry word in a segment; words inside a company name ("Kestrel Logistics") rank last."""
    hits = words_in(seg.text, v.INDUSTRIES)

    def rank(hit: tuple[str, int, int]) -> tuple[bool, bool, int]:
        word, start, _ = hit
        before = seg.text[:start].split()
        # "Kestrel Logistics": a capitalised word after a capitalised name; "B2B SaaS" is not a name.
        in_name = seg.text[start].isupper() and bool(before) and re.fullmatch(r"[A-Z][a-z]+", before[-1]) is not None
        return (in_name, word in v.GENERIC_INDUSTRIES, start)

    return min(hits, key=rank) if hits else None


def _account(segs: list[Segment], facts: DealFacts) -> None:
    about_account = [
        s for s in segs if not _PARTNERISH.search(s.text) and not _ABOUT_PARTNER.search(s.text) and not is_uncertain(s)
    ]
    for seg in about_account:
        label = _NAME_LABEL.match(seg.text)
        # "Account: Northwind Payments": an industry word inside the name says nothing about the industry.
        if label and (hit := _industry(seg)) and label.start("name") <= hit[1] < label.end("name"):
            seg = Segment(" " * label.end("name") + seg.text[label.end("name") :], seg.start, seg.section, seg.topic)
        if facts.industry is None and (hit := _industry(seg)):
            word, s, e = hit
            facts.industry = make(TextFact, seg, s, e, value=word)
        regions = [h for h in words_in(seg.text, v.REGIONS) if not v.REGION_QUALIFIED.match(seg.text[h[2] :])]
        if facts.region is None and regions:
            word, s, e = regions[0]
            facts.region = make(TextFact, seg, s, e, value=word)
        if facts.employees is None and (count := find_count(seg.text)):
            facts.employees = make(NumberFact, seg, count[1], count[2], value=count[0])
        if facts.revenue is None and (money := money_in(seg, revenue=True)):
            facts.revenue = make(MoneyFact, seg, money[1], money[2], money=money[0])
        for word, s, e in words_in(seg.text, v.TECH):
            if v.NOT_RUNNING.search(seg.text[max(0, s - 30) : s]):
                continue
            if word not in {t.value for t in facts.tech}:
                facts.tech.append(make(TextFact, seg, s, e, value=word))


def _deal_size(segs: list[Segment]) -> MoneyFact | None:
    candidates = []
    for seg in segs:
        if is_uncertain(seg) or v.PAST_OTHER_DEAL.search(seg.text):
            continue
        if money := money_in(seg, revenue=False):
            candidates.append((money[0].period == "unspecified", seg, money))
    if not candidates:
        return None
    _, seg, (money, s, e) = min(candidates, key=lambda c: c[0])  # an amount with ARR/ACV/per year wins
    return make(MoneyFact, seg, s, e, money=money)


def _deal_type(segs: list[Segment]) -> DealTypeFact | None:
    for kind, pattern in (("renewal", v.RENEWAL), ("expansion", v.EXPANSION), ("new_logo", v.NEW_LOGO)):
        for seg in segs:
            if (m := pattern.search(seg.text)) and not v.PAST_OTHER_DEAL.search(seg.text):
                return make(DealTypeFact, seg, m.start(), m.end(), deal_type=kind)
    return None


def _stage(segs: list[Segment]) -> StageFact | None:
    for seg in segs:
        if (label := _STAGE_LABEL.search(seg.text)) and (hit := stage_in(label.group("value"))):
            offset = label.start("value")
            return make(StageFact, seg, offset + hit[1].start(), offset + hit[1].end(), stage=hit[0])
    best: tuple[int, Segment, re.Match[str], str] | None = None
    for seg in segs:
        if is_uncertain(seg) or v.FUTURE.search(seg.text) or v.PAST_OTHER_DEAL.search(seg.text):
            continue
        if v.PAST_NARRATIVE.search(seg.text) and not v.PRESENT_MARKER.search(seg.text):
            continue
        hit = stage_in(seg.text)
        if hit and v.NEGATED_BEFORE.search(seg.text[: hit[1].start()]):  # "No proposal has been requested yet"
            continue
        if hit and (best is None or STAGE_ORDER.index(hit[0]) > best[0]):
            best = (STAGE_ORDER.index(hit[0]), seg, hit[1], hit[0])
    if best is None:
        return None
    _, seg, m, stage = best
    return make(StageFact, seg, m.start(), m.end(), stage=stage)


def _flag(
    segs: list[Segment], negative: re.Pattern[str], positive: re.Pattern[str], skip: re.Pattern[str] | None = None
) -> FlagFact | None:
    """A yes-or-no fact: a stated negative wins; a positive that the same clause negates or answers "no" is false."""
    if found := first(segs, negative):
        seg, m = found
        return make(FlagFact, seg, m.start(), m.end(), value=False)
    for seg in segs:
        if is_uncertain(seg) or (skip and skip.search(seg.text)):
            continue
        for part in clauses(seg):
            if m := positive.search(part.text):
                denied = v.NEGATED_BEFORE.search(part.text[: m.start()]) or v.FLAG_ANSWERED_NO.search(
                    part.text, m.end()
                )
                return FlagFact(quote=part.text, start=part.start, value=not denied)
    return None


def _present_event(seg: Segment) -> bool:
    """True when a clause of the segment names an event that nothing in that clause negates."""
    for part in clauses(seg):
        if is_uncertain(part) or v.NO_TRIGGER.search(part.text) or v.PAST_WORK.search(part.text):
            continue
        for _kind, pattern in v.TRIGGER_KINDS:
            if (m := pattern.search(part.text)) and not v.NEGATED_BEFORE.search(part.text[: m.start()]):
                return True
    return False


def _stated_absence(segs: list[Segment]) -> Segment | None:
    """A sentence saying nothing forces a decision, with no event of its own: it outweighs events elsewhere."""
    return next(
        (
            s
            for s in segs
            if v.NO_TRIGGER.search(s.text)
            and not _present_event(s)
            # "Before November there was no budget" tells what changed, not that nothing forces a decision now.
            and not (v.PAST_NARRATIVE.search(s.text) and not v.PRESENT_MARKER.search(s.text))
        ),
        None,
    )


def _trigger(segs: list[Segment]) -> DealTrigger | None:
    """Why now: a labelled answer first, then an event in a clause nothing negates, then a stated absence."""
    for seg in segs:
        if (label := v.TRIGGER_LABEL.match(seg.text)) and not _LABELLED_UNKNOWN.search(seg.text):
            value = label.group("value")
            present = not (v.NO_TRIGGER.search(value) or v.ANSWER_NO.match(value))
            if not is_uncertain(seg) or not present:
                fact = make(DealTrigger, seg, label.start("value"), len(seg.text), present=present, text="")
                fact.text = strip_label(fact.quote)
                return fact
    absent = _stated_absence(segs)
    for seg in segs:
        if v.PAST_OTHER_DEAL.search(seg.text) or absent is not None:
            continue
        for part in clauses(seg):
            if is_uncertain(part) or v.NO_TRIGGER.search(part.text) or v.PAST_WORK.search(part.text):
                continue
            if _ABOUT_PARTNER.search(part.text):  # trust talk about the partner is not why the buyer moves
                continue
            for _kind, pattern in v.TRIGGER_KINDS:
                m = pattern.search(part.text)
                if m and not v.NEGATED_BEFORE.search(part.text[: m.start()]):
                    fact = DealTrigger(quote=part.text, start=part.start, present=True, text=strip_label(part.text))
                    return fact
    if found := first([s for s in segs if not v.PAST_NARRATIVE.search(s.text)], v.NO_TRIGGER):
        seg, m = found
        fact = make(DealTrigger, seg, m.start(), m.end(), present=False, text="")
        fact.text = m.group(0)
        return fact
    for seg in segs:
        if seg.topic == "trigger" and not is_uncertain(seg) and not v.ANSWER_NO.search(seg.text):
            fact = make(DealTrigger, seg, 0, len(seg.text), present=True, text="")
            fact.text = strip_label(fact.quote)
            return fact
    return None


def _leverage(segs: list[Segment]) -> PartnerLeverage | None:
    for seg in segs:
        if is_uncertain(seg) and not v.NO_LEVERAGE.search(seg.text):
            continue
        cued = v.PARTNER_ADDS.search(seg.text) or v.PARTNER_GIVES.search(seg.text)
        if not (cued or seg.section == "leverage" or seg.topic == "leverage"):
            continue
        hits = [(m.start(), kind, m) for kind, pattern in v.LEVERAGE_TYPES if (m := pattern.search(seg.text))]
        # "they have a case study they can give" is proof for the trust questions, not what the partner adds.
        proof_only = not v.EXPLICIT_LEVERAGE.search(seg.text) and re.search(r"case stud|referenc|proof", seg.text, re.I)
        if hits and not proof_only and not v.NO_LEVERAGE.search(seg.text):
            _, kind, m = min(hits, key=lambda h: h[0])
            fact = make(PartnerLeverage, seg, m.start(), m.end(), present=True, type=kind, text="")
            fact.text, fact.role = strip_label(fact.quote), role_kind(fact.quote)
            return fact
    if found := first(segs, v.NO_LEVERAGE):
        seg, m = found
        return make(PartnerLeverage, seg, m.start(), m.end(), present=False, text=m.group(0))
    return None


def _trust(segs: list[Segment]) -> TrustQuestions:
    """The four trust answers, read clause by clause: labels and answers first, then no, then yes."""
    answers: dict[str, TrustAnswer] = {}
    parts = [c for seg in segs for c in clauses(seg)]

    def settle(question: str | None, part: Segment, start: int, answer: str) -> None:
        if question and question not in answers:
            answers[question] = TrustAnswer(answer=answer, quote=part.text, start=part.start)

    for part in parts:
        for m in v.TRUST_LABEL.finditer(part.text):
            question = v.TRUST_LABEL_QUESTION.get(m.group("q").lower())
            if question is None and "metric" in m.group("q").lower():
                question = "speaks_success_metric"
            raw = m.group("a").lower()
            yes, no = raw in {"yes", "y", "true", "strong"}, raw in {"no", "n", "false", "none", "weak"}
            if yes or no:
                settle(question, part, m.start(), "yes" if yes else "no")
        if trailing := v.TRAILING_ANSWER.search(part.text) or v.BARE_ANSWER.search(part.text):
            left = part.text[: trailing.start()]
            topic = next((q for q, pattern in v.TRUST_TOPIC if pattern.search(left)), None)
            settle(topic, part, 0, "yes" if trailing.group("a").lower().startswith("y") else "no")
        if part.topic in TRUST_QUESTIONS and (v.ANSWER_YES.search(part.text) or v.ANSWER_NO.search(part.text)):
            settle(part.topic, part, 0, "yes" if v.ANSWER_YES.search(part.text) else "no")
    for question, topic, negative, positive in v.TRUST:
        for part in parts:
            if question in answers:
                break
            if _LABELLED_UNKNOWN.search(part.text) and topic.search(part.text):
                break
            if negative.search(part.text):
                settle(question, part, 0, "no")
            elif is_uncertain(part) or (question == "prior_relationship" and v.VENDOR_TRUST.search(part.text)):
                continue
            elif positive.search(part.text) or (question == "prior_relationship" and v.KNOWS_NAME.search(part.text)):
                settle(question, part, 0, "yes")
    return TrustQuestions(**answers)


def _noise(segs: list[Segment]) -> list[NoiseRisk]:
    found = []
    for seg in segs:
        for kind, pattern in v.NOISE:
            if (m := pattern.search(seg.text)) and kind not in {n.kind for n in found}:
                found.append(make(NoiseRisk, seg, m.start(), m.end(), kind=kind, text=m.group(0)))
    return found  # every kind read; the rulebook's three deal kinds are chosen in coach.rules.deal
