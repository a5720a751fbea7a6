"""Offline reading of a program description (or one chat message) into a ProgramDraft."""

from __future__ import annotations

import re

from coach.framework import (
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
from coach.reading import vocabulary as v
from coach.reading.money import find_money, find_money_range, find_size_bounds
from coach.reading.steps import (
    clean_title,
    find_role,
    from_match,
    is_uncertain,
    labelled_role,
    make,
    money_in,
    role_kind,
    stage_in,
    strip_label,
    words_in,
)
from coach.reading.text import Segment, shorten

_ICP_CUE = v.rx(
    r"icp", r"ideal customer", r"target (?:market|segment|accounts?|customers?)", r"we (?:sell|focus) (?:to|on)",
    r"our (?:best|ideal|core) customers", r"sweet spot", r"we win (?:with|in|at)", r"(?:our )?customers are",
    r"focus(?:ed)? on", r"we target", r"selling (?:in)?to", r"operating icp", r"segment",
)  # fmt: skip
_EVIDENCE = v.rx(
    r"close rate", r"win rate", r"deals? (?:close|closed|closing)", r"closed \d+", r"sales cycle",
    r"cycle (?:time|is|of)", r"\d+[- ]day (?:median |average )?cycle",
    r"partner[- ](?:sourced|influenced|involved|assisted)", r"when partners (?:were|are|got) involved",
    r"partners? (?:helped|hurt|slowed|accelerated|shortened|confused|stalled|doubled|lifted)", r"historically",
    r"\d+ ?%", r"\d+ of (?:our |the )?\d+ (?:wins|deals|closed)", r"\bwon \d+", r"\bwins\b", r"closed deals",
    r"(?:all|most|every one|each|nearly all) of our (?:last )?(?:\w+ )?(?:deals|wins|customers|bookings)",
    r"percent of our", r"\bbookings\b", r"in half the time",
    r"(?:went live|closed|signed) (?:\w+ )?(?:as )?(?:fast|faster)",
    r"cycle (?:of |is |was )?(?:\w+ )?(?:days|weeks|months)",
)  # fmt: skip
_HURT = v.rx(r"hurt", r"slow\w*", r"confus\w*", r"stall\w*", r"lost", r"worse", r"dragged")
_HELPED = v.rx(r"help\w*", r"accelerat\w*", r"shorten\w*", r"faster", r"doubl\w*", r"lift\w*", r"better", r"higher")
_METRIC_CUE = v.rx(
    r"\bmeasures?\s*:", r"what (?:\w+ ){0,3}measures?\b", r"measures? (?:\w+ )?(?:on|by)\b",
    r"success for (?:the |a |an )?\w+ (?:is|means)",
    r"success metric", r"measured? (?:on|by)", r"measures? success", r"cares? (?:most )?about", r"kpis?", r"judged on",
    r"success (?:looks like|is|means)", r"their metric", r"bonus(?:ed)? on", r"goal is", r"wins? if",
)  # fmt: skip
_METRIC_KINDS = [
    ("risk_reduction", v.rx(r"risk", r"audit", r"compliance", r"findings?", r"breach", r"exposure", r"liabilit\w+")),
    ("speed", v.rx(r"time", r"speed", r"faster", r"days", r"weeks", r"cycle", r"velocity", r"quick\w*")),
    ("cost", v.rx(r"cost", r"saving\w*", r"spend", r"opex", r"efficien\w+", r"headcount")),
    (
        "revenue",
        v.rx(r"revenue", r"pipeline", r"bookings", r"growth", r"upsell", r"retention", r"churn", r"dso", r"cash"),
    ),
    ("career_safety", v.rx(r"career", r"look(?:s)? good", r"promotion", r"job", r"board", r"reputation")),
]
_TRUST_CUE = v.rx(
    r"trust", r"relation\w*", r"credib\w+", r"proof", r"referenc\w+", r"standing", r"track record", r"peer referral",
    r"worked with", r"known (?:to|by)", r"introduc\w+",
)  # fmt: skip
_TRUST_FORMS = [
    ("peer_referral", v.rx(r"peer", r"referral")),
    ("compliance", v.rx(r"compliance", r"soc ?2", r"security doc\w*", r"iso ?27001")),
    ("proof", v.rx(r"proof", r"referenc\w+", r"case stud\w+", r"outcomes", r"track record")),
    (
        "category_credibility",
        v.rx(r"credib\w+", r"known for", r"specialis\w+", r"expertise", r"certified", r"reputation"),
    ),
    (
        "prior_relationship",
        v.rx(
            r"(?:an? )?(?:prior |existing |strong |working )?relation\w*",
            r"worked with",
            r"knows?",
            r"introduc\w+",
            r"former",
            r"alumni",
        ),
    ),
]
_LEVERAGE_CUE = v.rx(
    r"leverage",
    r"partners? (?:\w+ ){0,2}(?:add|adds|bring|brings|provide|provides|create|creates|give|gives|help|helps|cut|cuts|"
    r"shorten|shortens|speed|speeds|accelerate|accelerates|validate|validates|de-?risk|de-?risks|reduce|reduces)",
    r"signal", r"speed", r"confidence",
)  # fmt: skip
_CHANGE = [
    re.compile(
        r"(?P<before>\w+ (?:hours?|days?|weeks?|months?)) today,? (?:and|but|vs\.?) "
        r"(?P<after>\w+ (?:hours?|days?|weeks?|months?))",
        re.I,
    ),
    re.compile(r"(?P<after>in [^,;.()]{1,30}?) not (?P<before>[^,;.()]{1,30})", re.I),
    re.compile(r"from (?P<before>[^,;.]{2,60}?) (?:down |up )?to (?P<after>[^,;.]{2,60})", re.I),
    re.compile(r"before\s*[:=-]\s*(?P<before>[^;.]+?)\s*[;,.]?\s*after\s*[:=-]\s*(?P<after>[^;.]+)", re.I),
    re.compile(r"(?P<after>[^,;.]{2,80}?),? instead of (?P<before>[^,;.]{1,50})", re.I),
]
_EXCLUSION_CUE = v.rx(
    r"exclu\w+", r"not allowed", r"never (?:bring|involve|use|let|add)", r"no partners?", r"keep partners out",
    r"partners? (?:stay|are kept) out", r"off[- ]limits", r"don'?t (?:bring|involve|use|add) (?:a )?partners?",
    r"partners? (?:do not|don'?t|never|should not|shouldn'?t|must not|may not|can'?t|cannot) "
    r"(?:enter|join|touch|get|go|be)",
    r"disallow\w*", r"no[- ]go",
)  # fmt: skip
_SMALL = v.rx(r"small", r"below", r"under", r"less than", r"tiny", r"low[- ]value", r"minimum")
_TRUST_GAP = v.rx(
    r"no (?:prior )?relationship", r"no credibility", r"without (?:a )?(?:relationship|standing|credibility)"
)
_LATE = v.rx(r"late[- ]stage", r"after (?:the )?shortlist", r"once (?:the )?criteria", r"past (?:legal|the shortlist)")
_EXCLUDED_SECTIONS = {"exclusions", "noise"}
_PEOPLE = {"employees", "staff", "people", "fte", "ftes", "emp", "headcount"}


def read_program(segs: list[Segment], current: ProgramDraft | None = None, text: str = "") -> ProgramDraft:
    """Every program fact the text states, each with its quote (`text` lets a quote span two segments)."""
    draft = ProgramDraft()
    _icp(segs, draft)
    _buyers(segs, draft, current)
    draft.metrics = _metrics(segs)
    draft.trigger = _trigger(segs)
    draft.trust = _trust(segs)
    titles = _titles(draft, current)
    draft.leverage = _leverage(segs, titles, text)
    draft.noise_risks = [
        make(NoiseRisk, seg, m.start(), m.end(), kind=kind, text=m.group(0))
        for seg in segs
        for kind, pattern in v.NOISE
        if (m := pattern.search(seg.text)) and (seg.section == "noise" or "noise" in seg.lower)
    ]
    draft.exclusions = _exclusions(segs)
    draft.open_questions = [Fact(quote=s.text, start=s.start) for s in segs if v.OPEN_QUESTION.search(s.text)]
    return draft


def _icp(segs: list[Segment], draft: ProgramDraft) -> None:
    icp_segs = [s for s in segs if s.section == "icp" or (s.section is None and _ICP_CUE.search(s.text))]
    if not icp_segs:
        # No cue word: the first sentence that states two checkable conditions is the ICP.
        icp_segs = [s for s in segs if s.section not in _EXCLUDED_SECTIONS and len(_conditions(s)) >= 2][:1]
    if icp_segs:
        draft.icp.statement = Fact(quote=icp_segs[0].text, start=icp_segs[0].start)
    for seg in icp_segs:
        draft.icp.conditions += _conditions(seg)
    for seg in segs:
        if seg.section in _EXCLUDED_SECTIONS or not (m := _EVIDENCE.search(seg.text)):
            continue
        partner = re.search(r"partner", seg.text, re.I)
        kind = (
            ("partner_hurt" if _HURT.search(seg.text) else "partner_helped")
            if partner and (_HURT.search(seg.text) or _HELPED.search(seg.text))
            else "velocity"
            if re.search(r"cycle|days|weeks|faster|velocity", seg.text, re.I)
            else "where_deals_close"
        )
        draft.icp.evidence.append(make(IcpEvidence, seg, m.start(), m.end(), kind=kind, text=m.group(0)))


def _conditions(seg: Segment) -> list[IcpCondition]:
    found: list[IcpCondition] = []
    if bounds := find_size_bounds(seg.text):
        lo, hi, s, e = bounds
        text = seg.text[s:e]
        unit = text.split()[-1].lower().rstrip(".,")
        # Counted in something other than people (lawyers, units, beds): name the unit so no one compares employees.
        values = [] if unit in _PEOPLE else [unit]
        found.append(
            make(IcpCondition, seg, s, e, dimension="company_size", text=text, minimum=lo, maximum=hi, values=values)
        )
    amounts = find_money(seg.text)
    about_revenue = re.search(r"revenue|turnover|arr\b", seg.text, re.I) and not re.search(r"deal", seg.text, re.I)
    if about_revenue and (span := find_money_range(seg.text)):
        lo, hi, currency, s, e = span
        found.append(
            make(IcpCondition, seg, s, e, dimension="revenue", text=seg.text[s:e], minimum=lo, maximum=hi,
                 currency=currency)
        )  # fmt: skip
    elif amounts and about_revenue:
        lo = (
            amounts[0][0].amount
            if len(amounts) > 1 or re.search(r"over|above|more than|at least|\+", seg.text)
            else None
        )
        hi = amounts[1][0].amount if len(amounts) > 1 else (amounts[0][0].amount if lo is None else None)
        s, e = amounts[0][1], amounts[-1][2]
        found.append(
            make(IcpCondition, seg, s, e, dimension="revenue", text=seg.text[s:e], minimum=lo, maximum=hi,
                 currency=amounts[0][0].currency)
        )  # fmt: skip
    for dimension, vocabulary in (("industry", v.INDUSTRIES), ("region", v.REGIONS), ("tech_stack", v.TECH)):
        hits = words_in(seg.text, vocabulary)
        if hits:
            s, e = hits[0][1], hits[-1][2]
            values = [w for w, _, _ in hits]
            found.append(make(IcpCondition, seg, s, e, dimension=dimension, text=seg.text[s:e], values=values))
    return found


def _buyers(segs: list[Segment], draft: ProgramDraft, current: ProgramDraft | None) -> None:
    for slot, patterns in (("decision_maker", v.SIGNER), ("influencer", v.INFLUENCER), ("blocker", v.BLOCKER)):
        if labelled := labelled_role(segs, slot):
            seg, start, end, title = labelled
            setattr(draft.buyers, slot, make(BuyerRole, seg, start, end, title=title))
        elif found := find_role(segs, patterns):
            seg, m, title = found
            setattr(draft.buyers, slot, make(BuyerRole, seg, m.start("title"), m.end("title"), title=title))
    # A bare answer to the coach's question ("The VP of Finance.") fills the slot the coach asked about.
    if current is not None and len(segs) == 1 and len(segs[0].text) < 60:
        seg = segs[0]
        bare = re.fullmatch(
            rf"\s*(?:the |our |their |it'?s (?:the )?)?(?P<title>{v.ROLE_TITLE}|{v.GROUP_BUYER})\W*", seg.text, re.I
        )
        if bare and (title := clean_title(bare.group("title"))):
            for slot in ("decision_maker", "influencer", "blocker"):
                if getattr(current.buyers, slot) is None and getattr(draft.buyers, slot) is None:
                    setattr(
                        draft.buyers, slot, make(BuyerRole, seg, bare.start("title"), bare.end("title"), title=title)
                    )
                    break


def _titles(draft: ProgramDraft, current: ProgramDraft | None) -> dict[str, str | None]:
    titles: dict[str, str | None] = {}
    for slot in ("decision_maker", "influencer", "blocker"):
        role = getattr(draft.buyers, slot) or (getattr(current.buyers, slot) if current else None)
        titles[slot] = role.title if role else None
    return titles


def _metrics(segs: list[Segment]) -> list[SuccessMetric]:
    found = []
    for seg in segs:
        if not (seg.section == "metric" or seg.topic == "metric" or _METRIC_CUE.search(seg.text)):
            continue
        if seg.section in _EXCLUDED_SECTIONS or (seg.text.rstrip().endswith("?") and not seg.section):
            continue
        kind = next((k for k, pattern in _METRIC_KINDS if pattern.search(seg.text)), "other")
        found.append(make(SuccessMetric, seg, 0, len(seg.text), kind=kind, text=shorten(strip_label(seg.text), 80)))
    return found


def _trigger(segs: list[Segment]) -> Trigger | None:
    usable = [s for s in segs if s.section not in _EXCLUDED_SECTIONS and not is_uncertain(s)]
    cued = [s for s in usable if s.section == "trigger" or s.topic == "trigger" or v.TRIGGER_CUE.search(s.text)]
    for group in (cued, [s for s in usable if re.search(r"\b(?:when|after|once|whenever)\b", s.text, re.I)]):
        for seg in group:
            for kind, pattern in v.TRIGGER_KINDS:
                if m := pattern.search(seg.text):
                    fact = make(Trigger, seg, m.start(), m.end(), kind=kind, text="")
                    fact.text = strip_label(fact.quote)
                    return fact
    if cued:
        seg = cued[0]
        label = re.search(r"(?:trigger|why now)\w*\s*(?::|=|-|is)\s*", seg.text, re.I)
        start = label.end() if label else 0
        return make(Trigger, seg, start, len(seg.text), kind="other", text=seg.text[start:].strip(" .") or seg.text)
    return None


def _trust(segs: list[Segment]) -> list[TrustStanding]:
    found = []
    for seg in segs:
        if seg.section in _EXCLUDED_SECTIONS or is_uncertain(seg) or seg.section == "leverage":
            continue
        asked = seg.section == "trust" or seg.topic == "standing"
        if not (asked or _TRUST_CUE.search(seg.text)):
            continue
        hits = [(m.start(), form, m) for form, pattern in _TRUST_FORMS if (m := pattern.search(seg.text))]
        if not hits or not (asked or re.search(r"partner|they|must|need|should|only|qualif", seg.text, re.I)):
            continue
        _, form, m = min(hits, key=lambda h: h[0])
        fact = make(TrustStanding, seg, m.start(), m.end(), form=form, text="")
        fact.text, fact.role = from_match(fact.quote, m.group(0)), role_kind(fact.quote)
        found.append(fact)
    return found


_BEFORE_SIDE = re.compile(r"(?:^|:\s+)(?:today|now|currently|before|without (?:a |the )?partner)\b", re.I)
_AFTER_SIDE = v.rx(
    r"^(?:after|when|once|with (?:a |the |their )?(?:partner|si|consultancy|integrator|reseller|[\w-]+ partner))\b"
)


def _split_change(seg: Segment, following: Segment | None, text: str) -> BeforeAfter | None:
    """'Today the review takes two months; when the partner vouches, two weeks.' -> one before-and-after."""
    side = _BEFORE_SIDE.search(seg.text)
    if not (text and following and side and _AFTER_SIDE.search(following.text)):
        return None
    start = seg.start + side.start() + (len(side.group(0)) - len(side.group(0).lstrip(": ")))
    end = following.start + len(following.text)
    before = text[start : seg.start + len(seg.text)]
    return BeforeAfter(quote=text[start:end], start=start, before=before, after=following.text)


def _leverage(segs: list[Segment], titles: dict[str, str | None], text: str = "") -> list[LeverageZone]:
    zones: list[LeverageZone] = []
    zone_at = -2  # index of the segment that opened the last zone
    consumed = -1  # the after-side of a split before-and-after is not a zone of its own
    for i, seg in enumerate(segs):
        if seg.section in _EXCLUDED_SECTIONS | {"trust"} or is_uncertain(seg) or i == consumed:
            continue
        change = next((m for pattern in _CHANGE if (m := pattern.search(seg.text))), None)
        split = _split_change(seg, segs[i + 1] if i + 1 < len(segs) else None, text)
        cued = seg.section == "leverage" or _LEVERAGE_CUE.search(seg.text)
        hits = [(m.start(), kind, m) for kind, pattern in v.LEVERAGE_TYPES if (m := pattern.search(seg.text))]
        # "Partners don't actually speed anything up" names no zone.
        hits = [h for h in hits if not v.NEGATED_BEFORE.search(seg.text[: h[0]]) and "n't" not in seg.text[: h[0]]]
        if split and zones and zones[-1].change is None and i <= zone_at + 2 and not (cued and hits):
            zones[-1].change, consumed = split, i + 1
            continue
        if cued and hits:
            _, kind, m = min(hits, key=lambda h: h[0])
            zone = make(LeverageZone, seg, 0, len(seg.text), type=kind, text=shorten(strip_label(seg.text), 100))
            zone.role = role_kind(seg.text, titles)
            zone.stage = (stage_in(seg.text, allow_closed=False) or (None,))[0]
            zones.append(zone)
            zone_at = i
            if split:  # the zone's own sentence opens the before-and-after ("...in discovery: before X; after Y")
                zone.change, consumed = split, i + 1
                continue
        # A before-and-after in the sentence right after a zone ("...; after the audit, two weeks instead of six").
        elif not (change and zones and zones[-1].change is None and (seg.section == "leverage" or i == zone_at + 1)):
            continue
        if change:
            zones[-1].change = make(
                BeforeAfter, seg, change.start(), change.end(), before=change.group("before").strip(),
                after=change.group("after").strip(),
            )  # fmt: skip
    return zones


_NO_EXCLUSIONS = v.rx(
    r"^(?:excl\w*\s*:\s*)?(?:none|nothing|n/?a)\b", r"(?:don'?t|do not) (?:really )?(?:exclude|want exclusions)",
    r"no exclusions", r"(?:can|may) join any deal", r"partners? (?:are|is) welcome (?:on|in) (?:every|any|all)",
)  # fmt: skip


def _exclusions(segs: list[Segment]) -> list[Exclusion]:
    found = []
    for seg in segs:
        if not (seg.section == "exclusions" or _EXCLUSION_CUE.search(seg.text)) or is_uncertain(seg):
            continue
        if _NO_EXCLUSIONS.search(seg.text):
            continue
        money = money_in(seg, revenue=False) or (find_money(seg.text) or [None])[0]
        stage = stage_in(seg.text)
        kind, threshold, at_stage = "other", None, None
        if money:
            kind, threshold = "deal_size", money[0]
        elif v.DIRECT_MOTION.search(seg.text):
            kind = "repeatable_direct_motion"
        elif v.VENDOR_TRUST.search(seg.text) or re.search(
            r"already trust|existing (?:customers|accounts)|renewals?", seg.text, re.I
        ):
            kind = "buyer_trusts_vendor"
        elif stage and stage[0] in {"legal_review", "negotiation", "closed", "proposal"}:
            kind, at_stage = "stage_too_late", stage[0]
        elif _LATE.search(seg.text):
            kind = "stage_too_late"
        elif _TRUST_GAP.search(seg.text):
            kind = "trust_gap"
        elif _SMALL.search(seg.text) and re.search(r"deal|contract|ticket", seg.text, re.I):
            kind = "deal_size"
        elif words_in(seg.text, v.INDUSTRIES) or words_in(seg.text, v.REGIONS):
            kind = "segment"
        found.append(
            make(
                Exclusion,
                seg,
                0,
                len(seg.text),
                kind=kind,
                text=shorten(strip_label(seg.text), 100),
                threshold=threshold,
                stage=at_stage,
            )
        )
    return found
