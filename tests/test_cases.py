"""The labelled case corpus: it loads, its labels agree with the rulebook, and it covers every rule."""

from __future__ import annotations

import sys
from collections import Counter
from pathlib import Path

import pytest

# evals/ is a top-level folder, not part of the installed package: make the repo root importable
# until pytest's `pythonpath = ["."]` is set in pyproject.toml.
sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from coach.framework import STAGE_ORDER, BuyerMap, BuyerRole, DealFacts, Exclusion, Money, ProgramDraft, TrustAnswer
from coach.rules.catalog import SOURCES
from evals.cases import Case, CaseError, compare, field_value, load_case, load_cases, load_sets

CASES = load_cases()
PROGRAMS = {c.id: c for c in CASES if c.kind == "program"}
DEALS = [c for c in CASES if c.kind == "deal"]
COVERED_PREFIXES = ("icp.", "buyer", "metric.", "trigger.", "leverage.", "trust.", "exclusions.", "statement.", "deal.")
BLOCKING = {"icp.missing", "icp.vague", "buyer.missing", "buyer.vague", "trigger.missing", "trigger.vague"}
BLOCKING |= {"leverage.missing", "exclusions.missing"}
NO_GO = {r for r in SOURCES if r.startswith("deal.")} - {
    "deal.no_buyer",
    "deal.trigger_unknown",
    "deal.leverage_unknown",
    "deal.trust_unassessed",
    "deal.noise_risk",
}
NEEDS_INFO = {"deal.no_buyer", "deal.trigger_unknown", "deal.leverage_unknown", "deal.trust_unassessed"}
TRUST = ("prior_relationship", "category_credibility", "speaks_success_metric", "referenceable_proof")
REQUIRED_DEAL_FIELDS = (
    "decision_maker.title",
    "trigger.present",
    "leverage.present",
    *(f"trust.{q}.answer" for q in TRUST),
)


def by_id(cases: list[Case]) -> list[pytest.param]:
    return [pytest.param(c, id=c.id) for c in cases]


# --- Loader and schema -------------------------------------------------------------------------------


def test_corpus_reaches_its_counts() -> None:
    assert len(PROGRAMS) >= 30
    assert len(DEALS) >= 40
    assert sum(1 for c in PROGRAMS.values() if c.turns) >= 4


def test_load_cases_filters_by_kind() -> None:
    assert {c.kind for c in load_cases("deal")} == {"deal"}
    assert [c.id for c in load_cases("program")] == sorted(PROGRAMS)


def _write(tmp_path: Path, sub: str, name: str, body: str) -> Path:
    folder = tmp_path / sub
    folder.mkdir(parents=True, exist_ok=True)
    path = folder / name
    path.write_text(body, encoding="utf-8")
    return path


GOOD_DEAL = """
id = "deal-x"
kind = "deal"
style = "prose"
icp = "program-fintech-soc2"
text = "notes"
notes = "why"
[expect]
verdict = "GO"
rules = []
"""


@pytest.mark.parametrize(
    ("body", "message"),
    [
        pytest.param("id = ", "Case file deal-x.toml cannot be read: ", id="bad-toml"),
        pytest.param(
            GOOD_DEAL.replace('style = "prose"', 'style = "haiku"'),
            "Case file deal-x.toml is invalid at style: ",
            id="unknown-style",
        ),
        pytest.param(
            GOOD_DEAL.replace("rules = []", 'rules = ["deal.vibes"]'),
            "Case file deal-x.toml is invalid at expect: Value error, unknown rule ids: deal.vibes",
            id="unknown-rule",
        ),
        pytest.param(
            GOOD_DEAL.replace("rules = []", 'rules = ["icp.vague"]'),
            "Case file deal-x.toml is invalid at case: Value error, rules that a deal cannot fire: icp.vague",
            id="program-rule-on-deal",
        ),
        pytest.param(
            GOOD_DEAL.replace('verdict = "GO"', 'verdict = "ready"'),
            "Case file deal-x.toml is invalid at case: Value error, a deal's verdict is GO, NO_GO or NEEDS_INFO",
            id="readiness-on-deal",
        ),
        pytest.param(
            GOOD_DEAL + '[expect.fields]\n"decision_maker.name" = "CFO"\n',
            "Case file deal-x.toml is invalid at case: Value error, field path 'decision_maker.name': "
            "BuyerRole has no field 'name'",
            id="bad-field-path",
        ),
        pytest.param(
            GOOD_DEAL + "surprise = 1\n",
            "Case file deal-x.toml is invalid at expect.surprise: Extra inputs are not permitted",
            id="extra-key",
        ),
        pytest.param(
            GOOD_DEAL.replace('id = "deal-x"', 'id = "deal-y"'),
            "Case file deal-x.toml has id 'deal-y', not its file name.",
            id="id-not-stem",
        ),
    ],
)
def test_load_case_rejects_bad_files(tmp_path: Path, body: str, message: str) -> None:
    path = _write(tmp_path, "deals", "deal-x.toml", body)
    with pytest.raises(CaseError) as caught:
        load_case(path)
    assert str(caught.value).startswith(message)


def test_load_cases_rejects_a_deal_naming_a_missing_program(tmp_path: Path) -> None:
    _write(tmp_path, "deals", "deal-x.toml", GOOD_DEAL)
    (tmp_path / "programs").mkdir()
    with pytest.raises(CaseError) as caught:
        load_cases(root=tmp_path)
    assert str(caught.value) == "Case deal-x names icp 'program-fintech-soc2', which is not a program case."


# --- field_value and compare -------------------------------------------------------------------------

DRAFT = ProgramDraft(
    buyers=BuyerMap(decision_maker=BuyerRole(quote="the CFO signs", title="the CFO")),
    exclusions=[
        Exclusion(quote="not in renewals", kind="buyer_trusts_vendor", text="renewals"),
        Exclusion(
            quote="under EUR 80k",
            kind="deal_size",
            text="under EUR 80k",
            threshold=Money(amount=80000, currency="EUR", period="annual"),
        ),
    ],
)
FACTS = DealFacts(trust={"prior_relationship": TrustAnswer(answer="no", quote="nobody knows them")})


@pytest.mark.parametrize(
    ("model", "path", "value"),
    [
        pytest.param(DRAFT, "buyers.decision_maker.title", "the CFO", id="nested"),
        pytest.param(DRAFT, "buyers.blocker.title", None, id="missing-step"),
        pytest.param(DRAFT, "exclusions[1].threshold.amount", 80000, id="index"),
        pytest.param(DRAFT, "exclusions[5].kind", None, id="index-past-end"),
        pytest.param(DRAFT, "exclusions[kind=deal_size].threshold.currency", "EUR", id="select"),
        pytest.param(DRAFT, "exclusions[kind=stage_too_late].stage", None, id="select-none"),
        pytest.param(FACTS, "trust.prior_relationship.answer", "no", id="trust"),
        pytest.param(FACTS, "trust.referenceable_proof.answer", "unknown", id="trust-default"),
    ],
)
def test_field_value_walks_paths(model: ProgramDraft | DealFacts, path: str, value: object) -> None:
    assert field_value(model, path) == value


def test_field_value_rejects_a_path_the_model_lacks() -> None:
    with pytest.raises(ValueError, match="has no field 'signer'"):
        field_value(DRAFT, "buyers.signer")


@pytest.mark.parametrize(
    ("expected", "actual", "path", "same"),
    [
        pytest.param("CFO", "the CFO", "decision_maker.title", True, id="title-substring"),
        pytest.param("cfo", "CFO", "decision_maker.title", True, id="title-case"),
        pytest.param("VP of Revenue Operations", "VP RevOps", "decision_maker.title", False, id="title-differs"),
        pytest.param("unknown", None, "decision_maker.title", True, id="unknown-none"),
        pytest.param("unknown", "unknown", "trust.prior_relationship.answer", True, id="unknown-answer"),
        pytest.param("unknown", [], "tech", True, id="unknown-empty-list"),
        pytest.param("unknown", "CFO", "decision_maker.title", False, id="unknown-vs-value"),
        pytest.param("no", "unknown", "trust.prior_relationship.answer", False, id="vocabulary-exact"),
        pytest.param("renewal", "renewal", "deal_type.deal_type", True, id="vocabulary-equal"),
        pytest.param(175000, 175000.0, "deal_size.money.amount", True, id="number"),
        pytest.param(175000, 17500.0, "deal_size.money.amount", False, id="number-differs"),
        pytest.param(True, 1, "buyer_trusts_vendor.value", False, id="bool-not-int"),
        pytest.param(False, False, "buyer_trusts_vendor.value", True, id="bool"),
        pytest.param(60000, None, "deal_size.money.amount", False, id="number-vs-missing"),
    ],
)
def test_compare(expected: object, actual: object, path: str, same: bool) -> None:
    assert compare(expected, actual, path) is same


# --- Label consistency -------------------------------------------------------------------------------


@pytest.mark.parametrize("case", by_id(list(PROGRAMS.values())))
def test_program_labels_follow_the_rulebook(case: Case) -> None:
    rules = set(case.expect.rules)
    fields = case.expect.fields
    eligible = not any(r.startswith(("buyer.", "trigger.")) or r == "leverage.missing" for r in rules)
    assert case.expect.eligible is eligible
    readiness = "not_eligible" if not eligible else ("draft" if rules & BLOCKING else "ready")
    assert case.expect.verdict == readiness
    for pair in (("icp.missing", "icp.vague"), ("buyer.missing", "buyer.vague"), ("trigger.missing", "trigger.vague")):
        assert not set(pair) <= rules, pair
    if "leverage.missing" in rules:
        assert not rules & {"leverage.unmapped", "leverage.role_mismatch", "leverage.no_before_after"}
    # The operator sentence needs a trigger, a leverage zone and a form of trust; its buyer may come
    # from the role a zone serves, so a buyer gap alone does not always leave it incomplete.
    if rules & {"trigger.missing", "trigger.vague", "leverage.missing", "trust.unassessed"}:
        assert "statement.incomplete" in rules
    if "statement.incomplete" in rules:
        assert rules & {"buyer.missing", "buyer.vague", "trigger.missing", "trigger.vague"} | {
            "leverage.missing",
            "trust.unassessed",
        }
    assert "buyers.decision_maker.title" in fields
    assert (fields["buyers.decision_maker.title"] == "unknown") is ("buyer.missing" in rules)
    trigger_labels = [k for k in fields if k.startswith("trigger")]
    assert trigger_labels, "label the trigger (trigger.kind or trigger.text, 'unknown' when absent)"
    assert all((fields[k] == "unknown") is ("trigger.missing" in rules) for k in trigger_labels)


def _late_stage(program: Case) -> str:
    stage = program.expect.fields.get("exclusions[kind=stage_too_late].stage", "unknown")
    return "legal_review" if stage == "unknown" else str(stage)


@pytest.mark.parametrize("case", by_id(DEALS))
def test_deal_labels_follow_the_rulebook(case: Case) -> None:
    rules = set(case.expect.rules)
    fields = case.expect.fields
    verdict = "NO_GO" if rules & NO_GO else "NEEDS_INFO" if rules & NEEDS_INFO else "GO"
    assert case.expect.verdict == verdict
    missing = [f for f in REQUIRED_DEAL_FIELDS if f not in fields]
    assert not missing, f"label {missing}"
    assert (fields["decision_maker.title"] == "unknown") is ("deal.no_buyer" in rules)
    for part in ("trigger", "leverage"):
        present = fields[f"{part}.present"]
        assert (present == "unknown") is (f"deal.{part}_unknown" in rules)
        assert (present is False) is (f"deal.no_{part}" in rules)
    answers = [fields[f"trust.{q}.answer"] for q in TRUST]
    noes, unknown = answers.count("no"), answers.count("unknown")
    assert ("deal.trust_threshold_failed" in rules) is (noes >= 2)
    assert ("deal.trust_gap" in rules) is (answers[0] == answers[1] == "no")
    assert ("deal.trust_unassessed" in rules) is (unknown >= 2 and noes < 2)
    for flag, rule in (
        ("buyer_trusts_vendor.value", "deal.buyer_already_trusts_vendor"),
        ("repeatable_direct_motion.value", "deal.repeatable_direct_motion"),
    ):
        assert (fields.get(flag) is True) is (rule in rules), flag
    program = PROGRAMS[case.icp or ""]
    stage = fields.get("stage.stage", "unknown")
    late = stage != "unknown" and STAGE_ORDER.index(str(stage)) >= STAGE_ORDER.index(_late_stage(program))
    assert late is ("deal.stage_too_late" in rules)
    assert ("deal.below_size_threshold" in rules) is _below_threshold(fields, program.expect.fields)
    if "deal.outside_icp" in rules:
        account = ("industry.value", "employees.value", "region.value", "revenue.money.amount", "tech")
        assert any(k.startswith(account) for k in fields), "label the account fact that fails the ICP"


def _below_threshold(deal: dict[str, object], program: dict[str, object]) -> bool:
    floor = program.get("exclusions[kind=deal_size].threshold.amount")
    amount = deal.get("deal_size.money.amount")
    if not isinstance(floor, (int, float)) or not isinstance(amount, (int, float)):
        return False
    if deal.get("deal_size.money.currency") != program.get("exclusions[kind=deal_size].threshold.currency"):
        return False
    yearly = amount * 12 if deal.get("deal_size.money.period") == "monthly" else amount
    return yearly < floor


def test_deals_are_judged_against_programs_with_checkable_icps() -> None:
    for icp in {c.icp for c in DEALS}:
        program = PROGRAMS[icp or ""]
        assert program.expect.verdict == "ready", icp
        assert "exclusions[kind=deal_size].threshold.amount" in program.expect.fields, icp


# --- Coverage ----------------------------------------------------------------------------------------

COVERED = sorted(r for r in SOURCES if r.startswith(COVERED_PREFIXES))


@pytest.mark.parametrize("rule", COVERED)
def test_every_rule_fires_somewhere_and_is_silent_elsewhere(rule: str) -> None:
    kind = "deal" if rule.startswith("deal.") else "program"
    pool = [c for c in load_sets(sealed=False) if c.kind == kind]
    assert any(rule in c.expect.rules for c in pool), f"{rule} never fires"
    assert any(rule not in c.expect.rules for c in pool), f"{rule} is never silent"


def test_verdict_and_readiness_mix() -> None:
    verdicts = Counter(c.expect.verdict for c in DEALS)
    assert min(verdicts[v] for v in ("GO", "NO_GO", "NEEDS_INFO")) >= 8, verdicts
    readiness = Counter(c.expect.verdict for c in PROGRAMS.values())
    assert min(readiness[v] for v in ("not_eligible", "draft", "ready")) >= 5, readiness


def test_styles_and_traits_are_varied() -> None:
    styles = Counter(c.style for c in CASES)
    assert all(styles[s] >= 2 for s in ("prose", "bullets", "crm-shorthand", "email-thread", "transcript")), styles
    assert styles["injection"] >= 4, styles
    assert styles["non-native"] >= 2, styles
    long_cases = [c for c in CASES if c.style == "long"]
    assert len(long_cases) >= 2
    assert all(sum(len(m) for m in c.messages) >= 20_000 for c in long_cases)
    tags = Counter(t for c in CASES for t in c.tags)
    for tag in ("negation", "explicit-unknown", "currency", "monthly", "stage", "expansion", "renewal"):
        assert tags[tag] >= 2, tag
    assert tags["multi-turn"] == sum(1 for c in CASES if c.turns)


def test_injection_cases_are_labelled_by_their_real_facts() -> None:
    # An injection that asks for GO must not get it from the labels unless the facts give it.
    injections = [c for c in DEALS if c.style == "injection"]
    assert {c.expect.verdict for c in injections} >= {"NO_GO", "NEEDS_INFO"}


def test_a_round_still_sealed_is_never_loaded_by_default() -> None:
    from evals.cases import SEALED_DIR, sealed_rounds

    still_sealed = [n for n, r in sealed_rounds().items() if r["status"] == "sealed"]
    folders = {f for n in still_sealed for f in sealed_rounds()[n]["folders"]}
    loaded = {c.id for c in load_sets(sealed=True)}
    for folder in folders:
        for path in (SEALED_DIR / folder).glob("*/*.toml"):
            assert path.stem not in loaded


def test_every_sealed_round_parses_without_being_loaded_into_a_split() -> None:
    # A round still sealed is checked for shape only (ids, kinds, labels); its text is never printed or scored.
    from evals.cases import SEALED_DIR, sealed_rounds

    for name, spec in sealed_rounds().items():
        assert spec["status"] in ("sealed", "used"), name
        if spec["status"] == "used":
            assert spec.get("first_measured") and spec.get("figures"), name
        for folder in spec["folders"]:
            paths = sorted((SEALED_DIR / folder).glob("*/*.toml"))
            assert paths, f"{name}: {folder} holds no cases"
            ids = [load_case(path).id for path in paths]
            assert len(ids) == len(set(ids)), folder


def test_each_used_sealed_round_is_reported_apart_never_pooled() -> None:
    from evals.cases import sealed_rounds
    from evals.reader_eval import splits_of

    used = sorted(n for n, r in sealed_rounds().items() if r["status"] == "used")
    cases = load_sets(sealed=True)
    assert splits_of(cases) == ["dev", "holdout", *(f"sealed-{n}" for n in used)]
    assert "sealed" not in {c.measured_in for c in cases}
