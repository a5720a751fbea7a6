"""The decision service: notes and an ICP in, one result out. Every face (CLI, app, evals) calls it.

It reads the ICP (a description, a saved JSON draft, or a draft already in hand), reads the notes, applies
the person's corrections, decides with the rules, and returns the facts as read and as decided, every
notice (from the notes and from the ICP), the verdict and the audit fields. Nothing here prints or renders.
"""

from __future__ import annotations

import hashlib
import json
import math
import re
from typing import Any, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, ValidationError

from coach.errors import InputError
from coach.framework import (
    STAGE_ORDER,
    BuyerRole,
    DealFacts,
    DealTrigger,
    DealTypeFact,
    DealVerdict,
    FlagFact,
    LeverageType,
    Money,
    MoneyFact,
    NumberFact,
    PartnerLeverage,
    ProgramDraft,
    StageFact,
    TextFact,
    TrustAnswer,
)
from coach.partners.capability import PartnerProfile, key
from coach.partners.matching import MatchResult, PartnerNotes, match_partners
from coach.reading import Extraction, Extractor
from coach.reading.segment import Clause, clauses
from coach.rules import RULES_VERSION, decide_deal

TRUST_FACTS = ("prior_relationship", "category_credibility", "speaks_success_metric", "referenceable_proof")
# The facts a person can correct, and what each takes.
CORRECTABLE = {
    **{f"trust.{q}": "yes, no or unknown" for q in TRUST_FACTS},
    "decision_maker": "a role title, or unknown",
    "stage": "one of " + ", ".join(STAGE_ORDER) + ", or unknown",
    "deal_size": "an amount with its currency and period, e.g. 'EUR 80000 annual', or unknown",
    "industry": "an industry, or unknown",
    "region": "a country or region, or unknown",
    "employees": "the number of employees, or unknown",
    "trigger": "what forces a decision now, in a few words; none when nothing does; or unknown",
    "leverage": "signal, speed or confidence, with what the partner adds; none when it adds nothing; or unknown",
    "deal_type": "new_logo, expansion or renewal, or unknown",
    "buyer_trusts_vendor": "yes, no or unknown (the buyer already trusts us)",
    "repeatable_direct_motion": "yes, no or unknown (a repeatable direct motion closes deals like it)",
}


class Correction(BaseModel):
    """A person's word on one fact: a new value (or "unknown"), or a confirmation of what was read."""

    model_config = ConfigDict(extra="forbid")

    fact: str = Field(description="The fact: " + ", ".join(CORRECTABLE))
    value: str | None = Field(default=None, description="The value the person gives; None confirms what was read.")
    by: str | None = Field(default=None, description="Who made it, as they gave their name (unverified).")


class IcpInput(BaseModel):
    """The ICP a deal is judged against, and where it came from."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    program: ProgramDraft | None
    source: str | None
    notices: list[str] = Field(default_factory=list)


class DecisionResult(BaseModel):
    """Everything one decision produced: what a face shows and what the log keeps."""

    model_config = ConfigDict(arbitrary_types_allowed=True)

    notes: str
    read: DealFacts = Field(description="The facts as the reader read them.")
    facts: DealFacts = Field(description="The facts the verdict rests on: as read, confirmed or corrected.")
    corrections: list[Correction] = Field(default_factory=list)
    verdict: DealVerdict
    notices: list[str] = Field(default_factory=list)
    extractor: str
    icp_source: str | None = None
    rules_version: str = RULES_VERSION
    prompt_hash: str | None = Field(default=None, description="SHA-256 of the prompt sent to a model; None offline.")
    rejected: list[str] = Field(default_factory=list, description="Quotes a model gave that are not in the notes.")

    @property
    def chunk_ids(self) -> list[str]:
        """The framework passages the verdict cites, as knowledge chunk ids ('<doc>#<section>'): each finding's
        source, once, in the order shown. These are what a person reads behind the verdict; no search is run."""
        return list(dict.fromkeys(f.source for f in self.verdict.findings if "#" in f.source))

    def contract(self) -> dict[str, Any]:
        """The JSON contract of `coach verdict --json` (RULES.md)."""
        return {
            "verdict": self.verdict.verdict,
            "findings": [f.model_dump() for f in self.verdict.findings],
            "trust": self.verdict.trust,
            "questions": self.verdict.questions,
            "extractor": self.extractor,
        }


def load_icp(text: str | None, extractor: Extractor, source: str | None = None) -> IcpInput:
    """The ICP from a description or a saved JSON draft (None: no ICP, deal rules only)."""
    from coach.inputs import saved_program

    if text is None:
        return IcpInput(program=None, source=None)
    saved = saved_program(text)
    if saved is not None:
        program, notices = saved, []
    else:
        extraction = extractor.extract_program(text)
        program, notices = extraction.facts, list(extraction.notices)
    return icp_of(program, source or ("saved JSON draft" if saved else "ICP description"), notices, named=source)


def icp_of(program: ProgramDraft, source: str, notices: list[str] | None = None, named: str | None = None) -> IcpInput:
    """A program as the ICP a deal is judged by. One that states nothing to judge by is refused: an empty ICP
    would let every account through."""
    if _empty(program):
        raise InputError(
            f"{named or 'The ICP'} describes no program: no ICP condition, buyer, trigger or exclusion to judge the "
            "deal by (give a program description or a saved draft)."
        )
    return IcpInput(program=program, source=source, notices=notices or [])


def decide(
    notes: str,
    icp: IcpInput,
    extractor: Extractor,
    corrections: list[Correction] | None = None,
    read: Extraction[DealFacts] | None = None,
    rates: dict[str, float] | None = None,
) -> DecisionResult:
    """Read the notes (unless what was read before is given: its facts, reader, notices, rejected quotes and prompt
    hash all carry over, so a correction never loses the audit trail), apply the corrections, and decide.

    `rates` (US dollars per unit) overrides the documented table of coach/lexicon/rates.toml, entry by entry.
    """
    from coach.inputs import MAX_BYTES

    if len(notes.encode("utf-8")) > MAX_BYTES:  # the same limit for every face: the CLI's file limit
        raise InputError(f"The notes are larger than 1 MB ({len(notes.encode('utf-8')):,} bytes); split or trim them.")
    if "\x00" in notes:  # the CLI refuses a binary file; pasted text holding NUL characters is the same thing
        raise InputError("The notes contain binary data (NUL characters): paste the text of the notes instead.")
    extraction = read if read is not None else extractor.extract_deal(notes)
    facts = apply_corrections(extraction.facts, corrections or [])
    notices = [*extraction.notices, *(f"{ICP_NOTICE}{n}" for n in icp.notices)]
    return DecisionResult(
        notes=notes,
        read=extraction.facts,
        facts=facts,
        corrections=list(corrections or []),
        verdict=decide_deal(facts, icp.program, rates),
        notices=notices,
        extractor=extraction.extractor,
        icp_source=icp.source,
        prompt_hash=extraction.prompt_hash,
        rejected=list(extraction.rejected),
    )


ICP_NOTICE = "ICP: "  # how a notice from reading the ICP is told apart from one from reading the notes


def as_read(
    facts: DealFacts, extractor: str, notices: list[str], prompt_hash: str | None, rejected: list[str]
) -> Extraction[DealFacts]:
    """What a reader made of the notes, as kept by a decision or a facts file: the notes' own notices only."""
    own = [n for n in notices if not n.startswith(ICP_NOTICE)]
    return Extraction(facts=facts, extractor=extractor, rejected=list(rejected), notices=own, prompt_hash=prompt_hash)


def _empty(program: ProgramDraft) -> bool:
    return not (program.icp.conditions or program.exclusions or program.buyers.decision_maker or program.trigger)


def apply_corrections(read: DealFacts, corrections: list[Correction]) -> DealFacts:
    """The facts with each correction applied: a new value carries the person's word, not a quote."""
    facts = read.model_copy(deep=True)
    for correction in corrections:
        if correction.fact not in CORRECTABLE:
            raise InputError(f"{correction.fact!r} cannot be corrected; the facts are: {', '.join(CORRECTABLE)}.")
        if correction.value is None:
            _confirm(facts, correction.fact)
            continue
        _set(facts, correction)
        facts.conflicts = [c for c in facts.conflicts if not _same_fact(c.fact, correction.fact)]
    return facts


def _same_fact(conflict: str, fact: str) -> bool:
    return conflict == fact or conflict == fact.removeprefix("trust.")


def _word(correction: Correction) -> str:
    """What a corrected fact quotes: the person's word, said to be a correction."""
    return f"corrected by {correction.by or 'the person'}: {correction.value}"


def confirmable(facts: DealFacts) -> list[str]:
    """The correctable facts that were read from the notes (with a quote) and can therefore be confirmed."""
    found = []
    for fact in CORRECTABLE:
        if fact.startswith("trust."):
            answer = getattr(facts.trust, fact.removeprefix("trust."))
            if answer.answer != "unknown" and answer.quote:
                found.append(fact)
        elif getattr(getattr(facts, fact), "quote", None):
            found.append(fact)
    return found


def _confirm(facts: DealFacts, fact: str) -> None:
    if fact.startswith("trust."):
        answer: TrustAnswer = getattr(facts.trust, fact.removeprefix("trust."))
        if answer.answer != "unknown":
            answer.status = "confirmed"
        return
    current = getattr(facts, fact)
    if current is None:
        raise InputError(f"There is nothing read for {fact} to confirm: give its value instead.")
    current.status = "confirmed"


def _set(facts: DealFacts, correction: Correction) -> None:
    value = (correction.value or "").strip()
    unknown = value.lower() in {"unknown", "", "?"}
    fact = correction.fact
    if fact.startswith("trust."):
        if value.lower() not in {"yes", "no", "unknown"}:
            raise InputError(f"{fact} takes yes, no or unknown, not {value!r}.")
        answer = (
            TrustAnswer(answer=value.lower(), quote=_word(correction), status="corrected")
            if not unknown
            else TrustAnswer()
        )
        setattr(facts.trust, fact.removeprefix("trust."), answer)
        return
    if unknown:
        setattr(facts, fact, None)
        return
    quote = _word(correction)
    if fact == "decision_maker":
        facts.decision_maker = BuyerRole(quote=quote, title=value, status="corrected")
    elif fact == "stage":
        stage = value.lower().replace(" ", "_")
        if stage not in STAGE_ORDER:
            raise InputError(f"stage takes one of {', '.join(STAGE_ORDER)}, not {value!r}.")
        facts.stage = StageFact(quote=quote, stage=stage, status="corrected")
    elif fact == "deal_size":
        facts.deal_size = MoneyFact(quote=quote, money=_money(value), status="corrected")
    elif fact == "employees":
        facts.employees = NumberFact(quote=quote, value=_count(value), status="corrected")
    elif fact == "trigger":
        none = value.lower() in NONE_WORDS
        facts.trigger = DealTrigger(quote=quote, present=not none, text=value, status="corrected")
    elif fact == "leverage":
        none = value.lower() in NONE_WORDS
        kind = next((k for k in get_args(LeverageType) if value.lower().startswith(k)), None)
        facts.leverage = PartnerLeverage(quote=quote, present=not none, type=kind, text=value, status="corrected")
    elif fact == "deal_type":
        kind = value.lower().replace(" ", "_").replace("-", "_")
        if kind not in get_args(DealTypeFact.model_fields["deal_type"].annotation):
            raise InputError(f"deal_type takes new_logo, expansion or renewal, not {value!r}.")
        facts.deal_type = DealTypeFact(quote=quote, deal_type=kind, status="corrected")
    elif fact in ("buyer_trusts_vendor", "repeatable_direct_motion"):
        if value.lower() not in {"yes", "no"}:
            raise InputError(f"{fact} takes yes, no or unknown, not {value!r}.")
        setattr(facts, fact, FlagFact(quote=quote, value=value.lower() == "yes", status="corrected"))
    else:
        setattr(facts, fact, TextFact(quote=quote, value=value.lower(), status="corrected"))


NONE_WORDS = {"none", "no", "nothing", "no trigger", "no leverage"}


def _count(value: str) -> float:
    try:
        number = float(value.replace(",", "").replace("_", ""))
    except ValueError:
        number = float("nan")
    if not math.isfinite(number) or number < 0:
        raise InputError(f"employees takes a number of people, e.g. 1200, not {value!r}.")
    return number


def _money(value: str) -> Money:
    from coach.reading.money import find_money

    found = find_money(value)
    if not found:
        raise InputError(f"deal_size takes an amount with its currency, e.g. 'EUR 80000 annual', not {value!r}.")
    return found[0][0]


# --- Which partner: the capability map against the deal ---------------------------------------------


def mentions(profiles: list[PartnerProfile]) -> dict[str, re.Pattern[str]]:
    """How each partner is named in notes: its full name, or its first word when that word names no one else."""
    from coach import lexicon

    firsts: dict[str, int] = {}
    for profile in profiles:
        first = profile.name.split()[0].casefold()
        firsts[first] = firsts.get(first, 0) + 1
    found = {}
    for profile in profiles:
        forms = [re.escape(profile.name)]
        first = profile.name.split()[0]
        if (
            len(profile.name.split()) > 1
            and len(first) >= 4
            and firsts[first.casefold()] == 1
            and first.casefold() not in lexicon.generic_name_words()
        ):
            forms.append(re.escape(first))
        found[key(profile.name)] = re.compile(r"(?<![\w-])(?:" + "|".join(forms) + r")(?![\w-])", re.IGNORECASE)
    return found


def match_deal(
    result: DecisionResult,
    icp: IcpInput,
    profiles: list[PartnerProfile],
    extractor: Extractor,
    rates: dict[str, float] | None = None,
) -> MatchResult:
    """Rank the capability map's partners for a decided deal (its facts as decided, corrections included).

    The partner the notes propose keeps the decision's own trust answers and leverage, except statements that
    name another partner of the map: those are about that partner, and are read again, on their own, for it.
    """
    from coach.reading.normalize import canonical

    if not profiles:
        raise InputError("The capability map is empty: add partners first (coach partners import MAP.csv).")
    named = mentions(profiles)
    text = canonical(result.notes).text
    about = _about(clauses(text), named)
    facts = result.facts
    if facts.account is None and (account := _account_in(text, profiles)):
        facts = facts.model_copy(update={"account": account})
    proposed = _proposed(facts, profiles, named, [k for k, found in about.items() if found])
    said: dict[str, PartnerNotes] = {}
    for name_key, found in about.items():
        if found and (proposed is None or name_key != key(proposed.name)):
            said[name_key] = _read_about(found, extractor)
    if proposed is not None:
        others = [p for k, ps in about.items() if k != key(proposed.name) for p in ps]
        own = about.get(key(proposed.name), [])
        said[key(proposed.name)] = _proposed_notes(facts, others, own)
    return match_partners(facts, icp.program, profiles, said, proposed=proposed, rates=rates)


def _about(pieces: list[Clause], named: dict[str, re.Pattern[str]]) -> dict[str, list[str]]:
    """The statements about each partner: those that name it, and the rest of the line after one that does
    ("Fraser Peak knows Harjit. Their logistics tag is wishful." is one line about Fraser Peak)."""
    about: dict[str, list[str]] = {k: [] for k in named}
    line, last = -1, []
    for clause in pieces:
        here = [k for k, pattern in named.items() if pattern.search(clause.text)]
        if here:
            line, last = clause.line, here
        for k in here or (last if clause.line == line else []):
            about[k].append(clause.text)
    return about


def _account_in(text: str, profiles: list[PartnerProfile]) -> str | None:
    """The account the notes are about, when the reader found no name: the map's account named first in them."""
    accounts = {r.account for p in profiles for r in p.relationships}
    found = [
        (m.start(), account)
        for account in accounts
        if (m := re.search(r"(?<![\w-])" + re.escape(account) + r"(?![\w-])", text, re.IGNORECASE))
    ]
    return min(found)[1] if found else None


def _proposed(
    facts: DealFacts, profiles: list[PartnerProfile], named: dict[str, re.Pattern[str]], mentioned: list[str]
) -> PartnerProfile | None:
    """The partner the notes propose: the map's partner named in the notes' partner field; without one, the only
    map partner the notes name, else the only one named where the notes say what the partner adds (or where they
    say yes to a trust question); a profile of its own when the map does not hold it."""
    from coach import lexicon

    partner = facts.partner
    if partner:
        for profile in profiles:
            if key(profile.name) == key(partner) or named[key(profile.name)].search(partner):
                return profile
        first = partner.strip().split()[0].lower().strip(".,;:")
        if first in lexicon.cues("negation") | lexicon.cues("unknown"):
            return None  # "Partner: none picked", "Partner: TBD"
        return PartnerProfile(name=partner)
    by_key = {key(p.name): p for p in profiles}
    if len(mentioned) == 1:
        return by_key[mentioned[0]]
    quotes = [facts.leverage.quote] if facts.leverage and facts.leverage.present else []
    quotes += [a.quote for a in (getattr(facts.trust, q) for q in TRUST_FACTS) if a.answer == "yes" and a.quote]
    for quote in quotes:
        in_quote = [k for k in mentioned if named[k].search(quote)]
        if len(in_quote) == 1:
            return by_key[in_quote[0]]
    return None


def _read_about(pieces: list[str], extractor: Extractor) -> PartnerNotes:
    """What the statements naming one partner say about it, read on their own."""
    facts = extractor.extract_deal("\n".join(pieces)).facts
    return PartnerNotes(trust=facts.trust, leverage=facts.leverage)


def _proposed_notes(facts: DealFacts, others: list[str], own: list[str]) -> PartnerNotes:
    """The decision's trust answers and leverage for the proposed partner, less what names another partner."""

    def elsewhere(quote: str | None) -> bool:
        return bool(quote) and any(quote in p for p in others) and not any(quote in p for p in own)

    trust = facts.trust.model_copy(deep=True)
    for name in TRUST_FACTS:
        answer: TrustAnswer = getattr(trust, name)
        if answer.status != "corrected" and elsewhere(answer.quote):
            setattr(trust, name, TrustAnswer())
    leverage = facts.leverage if facts.leverage is None or not elsewhere(facts.leverage.quote) else None
    return PartnerNotes(trust=trust, leverage=leverage)


# --- Facts files: the CLI round trip -------------------------------------------------------------


class FactsFile(BaseModel):
    """What `coach verdict --facts-out` writes and `--facts` reads: the notes, the facts as read, corrections."""

    model_config = ConfigDict(extra="forbid")

    version: Literal[1] = 1
    notes: str = Field(description="The notes the facts were read from (their quotes point into them).")
    notes_sha256: str
    extractor: str
    read: DealFacts
    corrections: list[Correction] = Field(default_factory=list)
    notices: list[str] = Field(default_factory=list, description="What the reader said about the notes.")
    prompt_hash: str | None = Field(default=None, description="SHA-256 of the prompt sent to a model; None offline.")
    rejected: list[str] = Field(default_factory=list, description="Quotes a model gave that are not in the notes.")


def facts_file(result: DecisionResult) -> str:
    """The facts of a decision as JSON a person can edit (add corrections) and read back."""
    data = FactsFile(
        notes=result.notes,
        notes_sha256=hashlib.sha256(result.notes.encode()).hexdigest(),
        extractor=result.extractor,
        read=result.read,
        corrections=result.corrections,
        notices=[n for n in result.notices if not n.startswith(ICP_NOTICE)],
        prompt_hash=result.prompt_hash,
        rejected=result.rejected,
    )
    return data.model_dump_json(indent=2) + "\n"


def read_facts_file(text: str, name: str) -> FactsFile:
    """A facts file read back, or one line saying what is wrong with it."""
    try:
        data = FactsFile.model_validate(json.loads(text))
    except json.JSONDecodeError as exc:
        raise InputError(f"{name}: not JSON ({exc.msg} at line {exc.lineno}).") from None
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"]) or "the file"
        raise InputError(f"{name}: not a facts file: {where}: {first['msg']}.") from None
    if hashlib.sha256(data.notes.encode()).hexdigest() != data.notes_sha256:
        raise InputError(f"{name}: its notes were edited; correct facts under 'corrections', never the notes.")
    return data
