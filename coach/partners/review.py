"""The quarterly partner-ICP review: a saved recruit scorecard set against what the partners produced.

Pure: a scorecard (the candidates as scored, with their four dimensions) and a production list (partner, sourced
deals, revenue) in, a review out. It reports the producing share, whether producers sit in the recruit tier (rank
correlation and a table), which dimension separated producers from dormant partners, and a suggestion for new
weights with the arithmetic shown: a small ridge regression of "produced" on the four dimensions, its positive
coefficients as shares, shrunk halfway toward the current weights. Below a stated minimum sample it refuses, and
says why.
"""

from __future__ import annotations

import math

from pydantic import Field, ValidationError

from coach.errors import InputError
from coach.framework import Strict, Weights
from coach.partners.capability import key
from coach.partners.scoring import DIMENSIONS
from coach.records import Decision, Scorecard
from coach.spreadsheet import read_rows

# The review learns weights only from at least this many signed partners, with this many producers and dormant.
MIN_PARTNERS = 8
MIN_EACH = 3
RIDGE = 1.0  # the fit's L2 penalty on standardised dimensions: small samples stay close to "no effect"
SHRINK = 0.5  # the suggestion moves halfway from the current weights toward the fitted shares
WORDS = {"account_overlap": "account overlap", "segment_fit": "segment fit", "motion_fit": "motion fit",
         "selling_capacity": "selling capacity"}  # fmt: skip


class Production(Strict):
    """What one partner produced in the period: sourced deals and the revenue they brought."""

    partner: str = Field(min_length=1)
    sourced_deals: int = Field(ge=0)
    revenue: float = Field(default=0.0, ge=0)


class ReviewRow(Strict):
    """One scorecard partner in the review."""

    partner: str
    tier: str
    score: float
    signed: bool
    sourced_deals: int
    revenue: float
    producer: bool


class TierRow(Strict):
    tier: str
    signed: int
    producers: int
    share: float | None


class DimensionGap(Strict):
    """How far producers and dormant partners stood apart on one dimension (standardised difference of means)."""

    dimension: str
    producers_mean: float
    dormant_mean: float
    gap: float


class Suggestion(Strict):
    """New weights with their arithmetic, or the plain reason there are none."""

    weights: Weights | None = None
    arithmetic: list[str] = Field(default_factory=list)
    refused: str | None = None


class Review(Strict):
    scorecard_id: int
    rows: list[ReviewRow]
    signed: int
    producers: int
    producing_share: float | None
    rank_correlation: float | None = Field(description="Spearman's rho between score and sourced deals, signed.")
    by_tier: list[TierRow]
    gaps: list[DimensionGap]
    driver: str | None = Field(description="The dimension that separated producers from dormant partners most.")
    suggestion: Suggestion
    unmatched: list[str] = Field(default_factory=list, description="Production rows naming no scorecard partner.")


def read_production(text: str, mapping: dict[str, str] | None = None) -> list[Production]:
    """A production CSV (partner, sourced_deals[, revenue]); a bad row is one line naming the CSV line and column."""
    rows = read_rows(text, ("partner", "sourced_deals", "revenue"), ("partner", "sourced_deals"), mapping)
    found = []
    for line, record in rows:
        record = {k: v for k, v in record.items() if not (k == "revenue" and v == "")}
        try:
            found.append(Production.model_validate(record))
        except ValidationError as err:
            first = err.errors()[0]
            column = str(first["loc"][0]) if first["loc"] else "row"
            raise InputError(
                f"CSV line {line}, column '{column}': {record.get(column, '')!r} is not valid ({first['msg']})."
            ) from None
    if not found:
        raise InputError("The production CSV has a header but no partners.")
    return found


def production_from_log(decisions: list[Decision]) -> list[Production]:
    """Sourced deals per partner from the decision log (outcomes attributed "sourced"), and the annual value of
    those won; a partner in a deal with any other outcome is listed with what it sourced, possibly none. Values in
    several currencies are added as recorded: the log does not convert them."""
    tally: dict[str, list] = {}
    for d in decisions:
        # Every partner that took part in a deal with an outcome is signed: it appears with 0 sourced deals when it
        # sourced none, so dormant partners are counted too, not only the producers.
        if not (d.partner and d.outcome and d.outcome.partner_involved):
            continue
        t = tally.setdefault(key(d.partner), [d.partner, 0, 0.0])
        if d.outcome.attribution == "sourced":
            t[1] += 1
            if d.outcome.result == "won" and d.outcome.value:
                t[2] += d.outcome.value.annual_amount()
    return [Production(partner=n, sourced_deals=c, revenue=r) for n, c, r in sorted(tally.values())]


def review(scorecard: Scorecard, production: list[Production]) -> Review:
    """The review of one scorecard against production (see the module docstring)."""
    if not scorecard.candidates:
        raise InputError(
            f"Scorecard {scorecard.id} was saved before scorecards kept their candidates' dimensions; score the "
            "candidates again with --save and review that scorecard."
        )
    made: dict[str, Production] = {}
    for p in production:  # a partner listed twice ("Acme", "acme") produced both rows
        seen = made.get(key(p.partner))
        made[key(p.partner)] = (
            p
            if seen is None
            else seen.model_copy(
                update={"sourced_deals": seen.sourced_deals + p.sourced_deals, "revenue": seen.revenue + p.revenue}
            )
        )
    tiers = {key(s.name): s for s in scorecard.scores}
    rows = []
    for candidate in scorecard.candidates:
        score = tiers[key(candidate.name)]
        produced = made.get(key(candidate.name))
        rows.append(
            ReviewRow(
                partner=candidate.name,
                tier=score.decision,
                score=score.score,
                # Signed: recruited from this scorecard, or named in production (it sells with us).
                signed=score.decision == "recruit" or produced is not None,
                sourced_deals=produced.sourced_deals if produced else 0,
                revenue=produced.revenue if produced else 0.0,
                producer=bool(produced and produced.sourced_deals > 0),
            )
        )
    signed = [r for r in rows if r.signed]
    producers = [r for r in signed if r.producer]
    by_tier = []
    for tier in ("recruit", "nurture", "pass"):
        in_tier = [r for r in signed if r.tier == tier]
        if in_tier:
            made_in = sum(r.producer for r in in_tier)
            by_tier.append(
                TierRow(tier=tier, signed=len(in_tier), producers=made_in, share=round(made_in / len(in_tier), 3))
            )
    dims = {key(c.name): c for c in scorecard.candidates}
    values = {d: [getattr(dims[key(r.partner)], d) for r in signed] for d in DIMENSIONS}
    produced_flags = [r.producer for r in signed]
    gaps = _gaps(values, produced_flags)
    driver = max(gaps, key=lambda g: g.gap).dimension if gaps and max(g.gap for g in gaps) > 0 else None
    known = {key(c.name) for c in scorecard.candidates}
    return Review(
        scorecard_id=scorecard.id,
        rows=rows,
        signed=len(signed),
        producers=len(producers),
        producing_share=round(len(producers) / len(signed), 3) if signed else None,
        rank_correlation=_spearman([r.score for r in signed], [r.sourced_deals for r in signed]),
        by_tier=by_tier,
        gaps=gaps,
        driver=driver,
        suggestion=_suggest(scorecard.weights, values, produced_flags),
        unmatched=sorted(p.partner for p in production if key(p.partner) not in known),
    )


def _mean(xs: list[float]) -> float:
    return sum(xs) / len(xs)


def _gaps(values: dict[str, list[float]], produced: list[bool]) -> list[DimensionGap]:
    if sum(produced) == 0 or sum(produced) == len(produced):
        return []
    gaps = []
    for dimension, xs in values.items():
        ps = [x for x, p in zip(xs, produced, strict=True) if p]
        ds = [x for x, p in zip(xs, produced, strict=True) if not p]
        spread = _sd(xs) or 1.0
        gaps.append(
            DimensionGap(
                dimension=dimension,
                producers_mean=round(_mean(ps), 1),
                dormant_mean=round(_mean(ds), 1),
                gap=round((_mean(ps) - _mean(ds)) / spread, 2),
            )
        )
    return sorted(gaps, key=lambda g: -g.gap)


def _sd(xs: list[float]) -> float:
    m = _mean(xs)
    return math.sqrt(sum((x - m) ** 2 for x in xs) / len(xs))


def _ranks(xs: list[float]) -> list[float]:
    order = sorted(range(len(xs)), key=lambda i: xs[i])
    ranks = [0.0] * len(xs)
    i = 0
    while i < len(order):
        j = i
        while j + 1 < len(order) and xs[order[j + 1]] == xs[order[i]]:
            j += 1
        for k in range(i, j + 1):
            ranks[order[k]] = (i + j) / 2 + 1  # ties share their mean rank
        i = j + 1
    return ranks


def _spearman(xs: list[float], ys: list[float]) -> float | None:
    """Spearman's rho (Pearson on ranks, ties averaged); None with fewer than three pairs or no spread."""
    if len(xs) < 3:
        return None
    rx, ry = _ranks(xs), _ranks(ys)
    mx, my = _mean(rx), _mean(ry)
    sx = math.sqrt(sum((a - mx) ** 2 for a in rx))
    sy = math.sqrt(sum((b - my) ** 2 for b in ry))
    if sx == 0 or sy == 0:
        return None
    return round(sum((a - mx) * (b - my) for a, b in zip(rx, ry, strict=True)) / (sx * sy), 3)


def _suggest(current: Weights, values: dict[str, list[float]], produced: list[bool]) -> Suggestion:
    n, made = len(produced), sum(produced)
    if n < MIN_PARTNERS or made < MIN_EACH or n - made < MIN_EACH:
        return Suggestion(
            refused=f"Too few partners to learn from: {n} signed, {made} producing, {n - made} dormant; new weights "
            f"need at least {MIN_PARTNERS} signed partners with {MIN_EACH} producing and {MIN_EACH} dormant."
        )
    coef = _ridge([[(x - _mean(xs)) / (_sd(xs) or 1.0) for x in xs] for xs in values.values()], produced)
    positive = {d: max(c, 0.0) for d, c in zip(values, coef, strict=True)}
    total = sum(positive.values())
    if total == 0:
        return Suggestion(refused="No dimension raised the chance of producing: the current weights stand.")
    now = current.model_dump()
    weight_sum = sum(now.values()) or 1.0
    lines = [f"ridge fit of produced (1) / dormant (0) on the standardised dimensions, penalty {RIDGE:g}:"]
    suggested = {}
    for d in values:
        share = positive[d] / total
        was = now[d] / weight_sum
        suggested[d] = round((1 - SHRINK) * was + SHRINK * share, 3)
        lines.append(
            f"  {WORDS[d]}: coefficient {coef[list(values).index(d)]:+.3f} -> share {share:.3f}; "
            f"{1 - SHRINK:g} x {was:.3f} (now) + {SHRINK:g} x {share:.3f} = {suggested[d]:.3f}"
        )
    return Suggestion(weights=Weights(**suggested), arithmetic=lines)


def _ridge(columns: list[list[float]], y: list[bool]) -> list[float]:
    """Ridge regression coefficients (no intercept: y is centred) by the normal equations, solved exactly."""
    n, k = len(y), len(columns)
    target = [float(v) - sum(y) / n for v in y]
    a = [[sum(columns[i][r] * columns[j][r] for r in range(n)) + (RIDGE if i == j else 0.0) for j in range(k)]
         for i in range(k)]  # fmt: skip
    b = [sum(columns[i][r] * target[r] for r in range(n)) for i in range(k)]
    for col in range(k):  # Gauss-Jordan: the matrix is symmetric positive definite
        pivot = a[col][col]
        for j in range(k):
            a[col][j] /= pivot
        b[col] /= pivot
        for row in range(k):
            if row != col and a[row][col]:
                f = a[row][col]
                for j in range(k):
                    a[row][j] -= f * a[col][j]
                b[row] -= f * b[col]
    return b
