"""Grading a program draft: the ICP, buyer map, trigger, trust, leverage and exclusion rules."""

from __future__ import annotations

import re

from coach import lexicon
from coach.framework import STAGE_ORDER, Finding, Grade, LeverageZone, ProgramDraft, Trigger
from coach.rules.catalog import PROGRAM_ORDER, QUESTIONS, SOURCES

# Which buyer roles each leverage type serves.
SERVES: dict[str, frozenset[str]] = {
    "signal": frozenset({"decision_maker", "influencer"}),
    "speed": frozenset({"decision_maker", "influencer", "blocker"}),
    "confidence": frozenset({"decision_maker", "blocker"}),
}

_ROLE_WORDS = {"decision_maker": "decision maker", "influencer": "influencer", "blocker": "blocker"}
_STAGE_WORDS = {s: s.replace("_", " ") for s in STAGE_ORDER}

_HOPE_WORDS = re.compile(
    r"\b(wherever|figure (it|things) out|companies that need|anyone (who|that)|any company|"
    r"strategic (verticals?|segments?|accounts)|all industries|everyone|future markets?)\b",
    re.IGNORECASE,
)
_GROUP_BUYERS = re.compile(
    r"^\s*(the\s+)?(leadership( team)?|key stakeholders?|stakeholders|the business|business|executives?|"
    r"execs|management|senior management|c-suite|c-level|decision[- ]makers|buying committee|committee|"
    r"the team|their team|leaders|senior (people|leaders))\s*$",
    re.IGNORECASE,
)
_VAGUE_TRIGGERS = re.compile(
    r"\b(when (they('re| are)|it'?s|the time is) (ready|right)|when ready|ready to|growth|growing|"
    r"digital transformation|innovation|modernization|interest|curious|someday|eventually|need(s)? (it|us)|whenever)\b",
    re.IGNORECASE,
)
_VAGUE_EXCLUSIONS = re.compile(
    r"\b(small|tiny|large|low[- ]value|not help much|marginal|where it makes sense|bad fit|"
    r"not worth|case by case|judgement|judgment|unclear)\b",
    re.IGNORECASE,
)


# --- Program grade -------------------------------------------------------------------------------


def _finding(rule: str, severity: str, message: str) -> Finding:
    return Finding(rule=rule, severity=severity, message=message, source=SOURCES[rule])


def check_icp(draft: ProgramDraft) -> list[Finding]:
    """ICP rules: a real operating ICP with checkable conditions and evidence."""
    icp = draft.icp
    checkable = [c for c in icp.conditions if c.is_checkable()]
    said = icp.statement.quote if icp.statement else ""
    found: list[Finding] = []
    if icp.statement is None and not icp.conditions:
        found.append(_finding("icp.missing", "blocking", "No operating ICP is stated: say where deals actually close."))
    else:
        hope = _HOPE_WORDS.search(" ".join([said, *(c.quote for c in icp.conditions)]))
        if hope or not checkable:
            why = f'it rests on "{hope.group(0)}"' if hope else "it has no concrete, checkable condition"
            shown = f' "{said}"' if said else ""
            found.append(_finding("icp.vague", "blocking", f"The ICP{shown} is a label, not a constraint: {why}."))
    if not icp.evidence:
        found.append(
            _finding(
                "icp.no_evidence",
                "warning",
                "Nothing says where deals actually close, how fast, or where partners helped or hurt.",
            )
        )
    return found


def check_buyers(draft: ProgramDraft) -> list[Finding]:
    """Buyer map rules: a named decision maker, the other two roles, and a success metric."""
    buyers = draft.buyers
    found: list[Finding] = []
    if buyers.decision_maker is None:
        found.append(
            _finding("buyer.missing", "blocking", "No decision maker is named: who signs and owns the budget?")
        )
    elif _GROUP_BUYERS.match(buyers.decision_maker.title):
        found.append(
            _finding(
                "buyer.vague",
                "blocking",
                f'The decision maker "{buyers.decision_maker.title}" is a group, not a role: '
                "name the one title that signs.",
            )
        )
    unmapped = [w for w, r in (("influencer", buyers.influencer), ("blocker", buyers.blocker)) if r is None]
    if unmapped:
        found.append(_finding("buyer_map.incomplete", "warning", f"The buyer map has no {' and no '.join(unmapped)}."))
    if not draft.metrics:
        found.append(_finding("metric.missing", "warning", "No buyer success metric is named."))
    return found


# Signs that a trigger names an event: a date or number, a deadline word, a change that happens at a moment.
_EVENT_MARKERS = re.compile(
    r"\d|\b(?:deadline|audit|renew\w*|expir\w*|hired|joins?|joined|new (?:cfo|ceo|cio|cto|ciso|coo|cro|vp|head)|"
    r"mandate\w*|regulat\w+|fine[sd]?|penalt\w+|breach|incident|outage|acquisition|merger|funding|"
    r"budget (?:cycle|round|approv\w+)|fiscal|q[1-4]|quarter|"
    r"by (?:january|february|march|april|may|june|july|august|september|october|november|december)|"
    r"end of|go-live|launch|re-?tender|contract|certification|inspection|exam|acquir\w+|hires?\b|"
    r"loses?\b|fails?\b|failed|asks?\b|requires?\b|expires?\b|questionnaire|letter|notice)",
    re.IGNORECASE,
)


def is_vague_trigger(text: str, kind: str) -> bool:
    """Vague: a mood or a theme ("when they're ready", "digital transformation") with no event in it."""
    if _EVENT_MARKERS.search(_VAGUE_TRIGGERS.sub("", text)):
        return False
    return bool(_VAGUE_TRIGGERS.search(text)) or kind == "other"


def _vague(trigger: Trigger) -> bool:
    """The trigger names no event: its few words may be cut from a longer statement, so the rest of that sentence in
    its quote, where the quote goes on, is read with them (never the quote's other sentences)."""
    return is_vague_trigger(_whole_sentence(trigger.text, trigger.quote or ""), trigger.kind)


def _whole_sentence(text: str, quote: str) -> str:
    """The text, run on through its quote to the end of its sentence when the quote continues it."""
    head = text.rstrip(" .…")
    at = quote.find(head) if head else -1
    if at < 0:
        return text
    end = re.search(r"[.;!?\n]", quote[at + len(head) :])
    return quote[at : at + len(head) + (end.start() if end else len(quote))]


def check_trigger(draft: ProgramDraft) -> list[Finding]:
    """Trigger rules: an event that makes the buyer act now."""
    trigger = draft.trigger
    if trigger is None:
        return [
            _finding("trigger.missing", "blocking", "No buying trigger: nothing says what makes the buyer act now.")
        ]
    if _vague(trigger):
        return [
            _finding(
                "trigger.vague",
                "blocking",
                f'The trigger "{trigger.text}" is not an event or forcing function.',
            )
        ]
    return []


def check_trust(draft: ProgramDraft) -> list[Finding]:
    """Trust rule: the standing partners must have with the buyer is stated."""
    if draft.trust:
        return []
    return [_finding("trust.unassessed", "warning", "Nothing says what standing partners must have with the buyer.")]


def _zone_name(zone: LeverageZone) -> str:
    return f'{zone.type} ("{zone.text}")'


def check_leverage(draft: ProgramDraft) -> list[Finding]:
    """Leverage rules: zones named, mapped to role and stage, serving that role, with a before and after."""
    zones = draft.leverage
    if not zones:
        return [
            _finding(
                "leverage.missing",
                "blocking",
                "No leverage zone is named: say where partners add signal, speed or confidence.",
            )
        ]
    found: list[Finding] = []
    unmapped = [z for z in zones if z.role is None or z.stage is None]
    if unmapped:
        parts = []
        for z in unmapped:
            lacks = [w for w, v in (("buyer role", z.role), ("deal stage", z.stage)) if v is None]
            parts.append(f"{_zone_name(z)} has no {' and no '.join(lacks)}")
        found.append(_finding("leverage.unmapped", "warning", "; ".join(parts) + "."))
    mismatched = [z for z in zones if z.role is not None and z.role not in SERVES[z.type]]
    if mismatched:
        parts = [f"{z.type} does not serve the {_ROLE_WORDS[z.role or '']}" for z in mismatched]
        found.append(_finding("leverage.role_mismatch", "warning", "; ".join(parts) + "."))
    flat = [z for z in zones if z.change is None]
    if flat:
        names = ", ".join(_zone_name(z) for z in flat)
        found.append(
            _finding(
                "leverage.no_before_after", "warning", f"No before-and-after for {names}: what measurably changes?"
            )
        )
    return found


def check_exclusions(draft: ProgramDraft) -> list[Finding]:
    """Exclusion rules: explicit, each with a concrete condition or threshold."""
    if not draft.exclusions:
        return [_finding("exclusions.missing", "blocking", "No exclusion rule says where partners are not allowed.")]
    vague = [
        e
        for e in draft.exclusions
        if (e.kind == "deal_size" and e.threshold is None)
        or (e.threshold is None and e.stage is None and (e.kind == "other" or _VAGUE_EXCLUSIONS.search(e.text)))
    ]
    if not vague:
        return []
    names = ", ".join(f'"{e.text}"' for e in vague)
    return [_finding("exclusions.vague", "warning", f"The exclusion {names} has no concrete condition or threshold.")]


def statement_parts(draft: ProgramDraft) -> dict[str, str | None]:
    """The four blanks of the operator sentence, each None while it cannot be filled cleanly."""
    buyers = draft.buyers
    # The sentence names one buyer: the signer's zone when there is one, else the first zone mapped to a role.
    ranked = sorted(draft.leverage, key=lambda z: (z.role != "decision_maker", z.role is None))
    zone = ranked[0] if ranked else None
    titled = {
        "decision_maker": buyers.decision_maker,
        "influencer": buyers.influencer,
        "blocker": buyers.blocker,
    }
    role = titled.get(zone.role) if zone and zone.role else None
    role = role or buyers.decision_maker
    buyer = role.title if role and not _GROUP_BUYERS.match(role.title) else None
    trigger = draft.trigger
    situation = None
    if trigger and not _vague(trigger):
        stage = f"{_STAGE_WORDS[zone.stage]} " if zone and zone.stage else ""
        situation = f"{stage}deals triggered by {trigger.text}"
    leverage = f"{zone.type} ({_effect(zone)})" if zone else None
    trust = TRUST_FORMS[draft.trust[0].form] if draft.trust else None
    return {"buyer": buyer, "situation": situation, "leverage": leverage, "trust": trust}


# The framework's forms of trust and kinds of leverage, in the sentence's words (never a cut-off quote).
TRUST_FORMS = {
    "prior_relationship": "a prior relationship",
    "category_credibility": "credibility in the category the buyer cares about",
    "proof": "referenceable proof",
    "peer_referral": "a referral from the buyer's peers",
    "compliance": "the documentation the blocker needs",
    "other": "standing",
}
LEVERAGE_EFFECTS = {
    "signal": "an outside voice the buyer believes",
    "speed": "faster access, decisions or execution",
    "confidence": "less perceived risk",
}


def _effect(zone: LeverageZone) -> str:
    """The zone's short effect: the person's own before-and-after when it is short and whole, else what the
    kind of leverage does."""
    if zone.change and len(zone.change.quote.split()) <= 12:
        return zone.change.quote.strip(" .;,")
    return LEVERAGE_EFFECTS[zone.type]


def _the(buyer: str) -> str:
    """The buyer as the sentence names them: "the VP of Engineering", "the Procurement team" (a department alone is
    a team), "the board" (already with its article)."""
    if buyer.lower().startswith("the "):
        return buyer
    if lexicon.function_pattern().fullmatch(buyer) and not lexicon.title_pattern().search(buyer):
        return f"the {buyer} team"
    return f"the {buyer}"


def operator_sentence(draft: ProgramDraft) -> str | None:
    """The one-sentence operator statement, or None while any blank is missing."""
    parts = statement_parts(draft)
    if any(v is None for v in parts.values()):
        return None
    return (
        f"Partners are involved with {_the(parts['buyer'])}, in {parts['situation']}, to create {parts['leverage']}, "
        f"because they have established {parts['trust']} with that buyer. Nowhere else."
    )


def check_program(draft: ProgramDraft) -> list[Finding]:
    """Every program rule, in the framework's order."""
    found = [
        *check_icp(draft),
        *check_buyers(draft),
        *check_trigger(draft),
        *check_trust(draft),
        *check_leverage(draft),
        *check_exclusions(draft),
    ]
    missing = [k for k, v in statement_parts(draft).items() if v is None]
    if missing:
        words = {"buyer": "buyer role", "situation": "deal situation", "leverage": "leverage", "trust": "form of trust"}
        blanks = ", ".join(words[k] for k in missing)
        found.append(_finding("statement.incomplete", "warning", f"The operator sentence is missing its {blanks}."))
    return sorted(found, key=lambda f: PROGRAM_ORDER.index(f.rule))


def next_question(findings: list[Finding]) -> str | None:
    """The one question that closes the most important gap: blocking gaps first, in framework order."""
    if not findings:
        return None
    first = min(findings, key=lambda f: (f.severity != "blocking", PROGRAM_ORDER.index(f.rule)))
    return QUESTIONS[first.rule]


def grade_program(draft: ProgramDraft) -> Grade:
    """Grade a program draft: findings, eligibility, readiness, the operator sentence, the next question."""
    findings = check_program(draft)
    fired = {f.rule for f in findings}
    eligible = not any(r.startswith(("buyer.", "trigger.")) or r == "leverage.missing" for r in fired)
    blocking = any(f.severity == "blocking" for f in findings)
    readiness = "not_eligible" if not eligible else ("draft" if blocking else "ready")
    return Grade(
        eligible=eligible,
        readiness=readiness,
        findings=findings,
        statement=operator_sentence(draft),
        next_question=next_question(findings),
    )
