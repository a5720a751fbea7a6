"""Candidate partner scoring: recruit, nurture or pass, within onboarding capacity. Pure apart from CSV parsing."""

from __future__ import annotations

from pydantic import ValidationError

from coach.errors import InputError
from coach.framework import CandidatePartner, PartnerScore, Weights
from coach.spreadsheet import read_rows

TEMPLATE_COLUMNS = ("name", "account_overlap", "segment_fit", "motion_fit", "selling_capacity", "motion")
REQUIRED_COLUMNS = TEMPLATE_COLUMNS[:-1]
DIMENSIONS = REQUIRED_COLUMNS[1:]
_MOTIONS = {"co-sell": "co-sell", "cosell": "co-sell", "co sell": "co-sell", "resell": "resell", "reseller": "resell",
            "refer": "refer", "referral": "refer", "build": "build", "": "co-sell"}  # fmt: skip
_WORDS = {
    "account_overlap": "account overlap",
    "segment_fit": "segment fit",
    "motion_fit": "motion fit",
    "selling_capacity": "selling capacity",
}


def read_candidates(text: str, mapping: dict[str, str] | None = None) -> list[CandidatePartner]:
    """Parse a CSV of candidates: our template, or an export whose columns `mapping` renames (theirs -> ours)."""
    rows = read_rows(text, TEMPLATE_COLUMNS, REQUIRED_COLUMNS, mapping)
    candidates = []
    for line, record in rows:
        record["motion"] = _MOTIONS.get(record.get("motion", "").lower(), record.get("motion", ""))
        try:
            candidates.append(CandidatePartner.model_validate(record))
        except ValidationError as err:
            first = err.errors()[0]
            column = str(first["loc"][0]) if first["loc"] else "row"
            value = record.get(column, "")
            raise InputError(f"CSV line {line}, column '{column}': {value!r} is not valid ({first['msg']}).") from None
    if not candidates:
        raise InputError("The CSV has a header but no candidate partners.")
    return candidates


def weighted_score(candidate: CandidatePartner, weights: Weights) -> float:
    """The weighted mean of the four 0-100 dimensions."""
    total = sum(getattr(weights, d) for d in DIMENSIONS)
    if total <= 0:
        raise InputError("The weights add up to zero; give at least one dimension a positive weight.")
    return round(sum(getattr(candidate, d) * getattr(weights, d) for d in DIMENSIONS) / total, 1)


def score_partners(
    candidates: list[CandidatePartner],
    capacity: int,
    weights: Weights | None = None,
    recruit_at: float = 70,
    nurture_at: float = 45,
) -> list[PartnerScore]:
    """Rank candidates: recruit (never past `capacity`), nurture, or pass; the pass list is always kept."""
    if capacity < 0:
        raise InputError("Capacity must be zero or more.")
    if nurture_at > recruit_at:
        raise InputError("The nurture threshold must not be above the recruit threshold.")
    weights = weights or Weights()
    scored = sorted(
        ((weighted_score(c, weights), c) for c in candidates),
        key=lambda pair: (-pair[0], -pair[1].account_overlap, pair[1].name.lower()),
    )
    results: list[PartnerScore] = []
    recruited = 0
    for score, candidate in scored:
        reasons = [_strongest(candidate)]
        motion, marked = candidate.motion, None
        if candidate.selling_capacity == 0 and motion in {"co-sell", "resell"}:
            motion, marked = "refer", candidate.motion
            reasons.append("no selling capacity: a referral source at most, never a co-sell partner")
        if score >= recruit_at and recruited < capacity:
            decision = "recruit"
            recruited += 1
            reasons.insert(0, f"score {score:g} is at or above {recruit_at:g}")
        elif score >= recruit_at:
            decision = "nurture"
            reasons.insert(0, f"capacity: the recruit list is full at {capacity}; score {score:g} is recruit-grade")
        elif score >= nurture_at:
            decision = "nurture"
            reasons.insert(0, f"score {score:g} is between {nurture_at:g} and {recruit_at:g}")
        else:
            decision = "pass"
            reasons.insert(0, f"score {score:g} is below {nurture_at:g}")
            reasons.append(_weakest(candidate))
        results.append(
            PartnerScore(
                name=candidate.name,
                score=score,
                decision=decision,
                motion=motion,
                reasons=reasons,
                marked_motion=marked,
            )
        )
    return results


def _strongest(candidate: CandidatePartner) -> str:
    best = max(DIMENSIONS, key=lambda d: getattr(candidate, d))
    return f"strongest: {_WORDS[best]} {getattr(candidate, best):g}"


def _weakest(candidate: CandidatePartner) -> str:
    worst = min(DIMENSIONS, key=lambda d: getattr(candidate, d))
    return f"weakest: {_WORDS[worst]} {getattr(candidate, worst):g}"


def motion_words(score: PartnerScore) -> str:
    """The recommended motion, and why it differs from the one the list gave: "refer (marked co-sell: no sellers)"."""
    if score.marked_motion and score.marked_motion != score.motion:
        return f"{score.motion} (marked {score.marked_motion}: no sellers)"
    return score.motion
