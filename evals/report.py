"""The eval report: the gate from evals/thresholds.toml, the diff against the last committed report, and the files.

`finish(results)` adds the gate checks, the targets and the case-by-case regressions to a run of
`evals.runner.run_eval`; `write_report` writes evals/report.json and evals/report.md; `summary_table`
is what `coach eval` prints. The previous report is `git show HEAD:evals/report.json`, or the file on
disk when git is not available.
"""

from __future__ import annotations

import json
import subprocess
import tomllib
from pathlib import Path
from typing import Any

from coach.errors import CoachError
from evals.metrics import check_gate, fixes, regressions

EVALS_DIR = Path(__file__).resolve().parent
THRESHOLDS = EVALS_DIR / "thresholds.toml"
REPORT_JSON = EVALS_DIR / "report.json"
REPORT_MD = EVALS_DIR / "report.md"

# The rows of the summary table: (label, metrics key).
SUMMARY_ROWS = [
    ("verdict accuracy (all)", "verdict_accuracy"),
    ("deal verdict accuracy", "deal_verdict_accuracy"),
    ("program readiness accuracy", "program_readiness_accuracy"),
    ("rule precision (micro)", "rule_precision"),
    ("rule recall (micro)", "rule_recall"),
    ("field accuracy", "field_accuracy"),
    ("unknown guessed (lower is better)", "unknown_guessed_rate"),
    ("quotes verbatim in text", "evidence_verbatim_rate"),
    ("stale cassettes", "stale"),
    ("fell back to offline", "fell_back"),
]


class ThresholdsError(CoachError):
    """evals/thresholds.toml cannot be read or has an unknown shape."""


def load_thresholds(path: Path = THRESHOLDS) -> dict[str, Any]:
    """Read the gate and the targets: {"gate": {section: {metric: {min|max: x}}}, "targets": {...}}."""
    try:
        data = tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as error:
        raise ThresholdsError(f"The thresholds file {path} cannot be read: {error}.") from error
    if set(data) - {"gate", "targets"}:
        raise ThresholdsError(f"The thresholds file {path} has sections other than [gate] and [targets].")
    return {"gate": data.get("gate", {}), "targets": data.get("targets", {})}


def previous_report(path: Path = REPORT_JSON) -> tuple[dict[str, Any] | None, str]:
    """The last committed report (HEAD), else the file on disk, else None; and where it came from."""
    try:
        shown = subprocess.run(
            ["git", "show", f"HEAD:{path.relative_to(path.parents[1]).as_posix()}"],
            cwd=path.parents[1],
            capture_output=True,
            text=True,
            timeout=10,
            check=False,
        )
        if shown.returncode == 0:
            return json.loads(shown.stdout), "HEAD:evals/report.json"
    except (OSError, ValueError, subprocess.SubprocessError):
        pass  # no git, or not a repository: fall back to the file on disk
    try:
        return json.loads(path.read_text(encoding="utf-8")), str(path)
    except (OSError, ValueError):
        return None, "none"


def sealed_retrieval_sets() -> set[str]:
    """The retrieval sets written sealed (evals/sealed/registry.toml)."""
    from evals.sealed_sets import registry

    return {name for name, entry in registry().items() if entry["kind"] == "retrieval"}


def _metrics_of(results: dict[str, Any], section: str) -> dict[str, Any] | None:
    if section in ("retrieval", "citations"):
        return results.get(section)
    if section.startswith("retrieval."):  # each used sealed retrieval set (retrieval.retrieval-b4)
        return results.get("retrieval", {}).get("sets", {}).get(section.removeprefix("retrieval."))
    if section.startswith("reader."):  # reader.dev, reader.holdout, reader.sealed-r1, reader.probe
        return results.get("reader", {}).get(section.removeprefix("reader."))
    if section.startswith("fit."):  # fit.dev-f1, and each used sealed set (fit.fit-f2)
        return results.get("fit", {}).get(section.removeprefix("fit."))
    if section.startswith("matching."):  # matching.dev, and each used sealed set (matching.matching-m2)
        return results.get("matching", {}).get(section.removeprefix("matching."))
    extractor = results.get("extractors", {}).get(section)
    return extractor["metrics"] if extractor else None


def _correct_by_case(results: dict[str, Any], name: str) -> dict[str, bool]:
    cases = (results.get("extractors", {}).get(name) or {}).get("cases", {})
    return {case: row["verdict"] == row["expected_verdict"] for case, row in cases.items()}


def finish(results: dict[str, Any], thresholds: dict[str, Any], previous: dict[str, Any] | None, since: str) -> dict:
    """Add the gate checks, the targets and the case-by-case changes since the previous report."""
    gate: dict[str, list[dict[str, Any]]] = {}
    for section, bounds in thresholds["gate"].items():
        metrics = _metrics_of(results, section)
        if metrics is not None:  # a section the run skipped (--no-llm, --no-retrieval) is not gated
            gate[section] = check_gate(metrics, bounds)
    targets = {
        section: check_gate(metrics, bounds)
        for section, bounds in thresholds["targets"].items()
        if (metrics := _metrics_of(results, section)) is not None
    }
    changes = {}
    for name in results.get("extractors", {}):
        before = _correct_by_case(previous or {}, name)
        now = _correct_by_case(results, name)
        changes[name] = {"regressions": regressions(before, now), "fixed": fixes(before, now)}
    return {
        **results,
        "gate": {"passed": all(c["passed"] for checks in gate.values() for c in checks), "checks": gate},
        "targets": targets,
        "changes": {"since": since, **changes},
    }


def _fmt(value: Any) -> str:
    if value is None:
        return "n/a"
    return f"{value:.3f}" if isinstance(value, float) else str(value)


def summary_table(report: dict[str, Any]) -> str:
    """The per-extractor summary as a markdown table (what `coach eval` prints)."""
    names = list(report["extractors"])
    # The "llm" column replays hand-authored answers through the real instructor + litellm code: it measures
    # that code path, not a model's reading.
    headers = [("llm (replay of hand-authored answers)" if n == "llm" else f"{n} (evals/cases, dev)") for n in names]
    lines = ["| metric | " + " | ".join(headers) + " |", "|---|" + "---:|" * len(names)]
    for label, key in SUMMARY_ROWS:
        row = [_fmt(report["extractors"][n]["metrics"].get(key)) for n in names]
        lines.append(f"| {label} | " + " | ".join(row) + " |")
    sources = [", ".join(f"{k} {v}" for k, v in report["extractors"][n]["metrics"]["sources"].items()) for n in names]
    lines.append("| answered by | " + " | ".join(sources) + " |")
    if "retrieval" in report:
        r, c = report["retrieval"], report["citations"]
        recall, paraphrased = _fmt(r["recall_at_3"]), _fmt(r["recall_at_3_paraphrased"])
        lines.append(f"\nretrieval, dev (questions.toml, tuned on): recall@3 {recall}, paraphrased {paraphrased}, "
                     f"MRR {_fmt(r['mrr'])}; citations valid {c['valid']}/{c['checked']}")  # fmt: skip
        for name, m in r.get("sets", {}).items():
            if m.get("split") in ("used", "sealed") and name in sealed_retrieval_sets():
                lines.append(f"retrieval, sealed {name} ({m['split']}; first measurement in "
                             f"evals/sealed/registry.toml): recall@3 {_fmt(m['recall_at_3'])}, paraphrased "
                             f"{_fmt(m['recall_at_3_paraphrased'])}, not covered precision "
                             f"{_fmt(m['not_covered_precision'])} recall {_fmt(m['not_covered_recall'])}")  # fmt: skip
    if "reader" in report:
        for split in _reader_splits(report["reader"]):
            if (r := report["reader"].get(split)) is not None:
                lines.append(f"reader {split}: deal verdict {_fmt(r['deal_verdict'])} over {r['deals']} "
                             f"(false GO {r['false_go']}), readiness {_fmt(r['program_readiness'])} over "
                             f"{r['programs']}, false facts {_fmt(r['false_fact_rate'])}, "
                             f"unknown {_fmt(r['unknown_rate'])}")  # fmt: skip
    return "\n".join(lines)


def _reader_splits(reader: dict[str, Any]) -> list[str]:
    """dev, holdout, then each sealed round apart."""
    return ["dev", "holdout", *sorted(k for k in reader if k.startswith("sealed-"))]


def _reader_lines(reader: dict[str, Any]) -> list[str]:
    """The offline reader by split: dev (developed on), holdout (measured, not tuned on), sealed (measured once)."""
    out = ["## The offline reader by split", "",
           "dev: the reader was developed on it; holdout: written by someone who never read the reader, measured "
           "but not tuned on; sealed: written by someone who saw neither the code nor the other sets, measured once "
           "per release (first measurements are recorded in evals/corpus/README.md).", "",
           "| split | deals | verdict | false GO | programs | readiness | false facts | unknown |",
           "|---|---:|---:|---:|---:|---:|---:|---:|"]  # fmt: skip
    for split in _reader_splits(reader):
        if (r := reader.get(split)) is not None:
            cells = [split, r["deals"], _fmt(r["deal_verdict"]), r["false_go"], r["programs"],
                     _fmt(r["program_readiness"]), _fmt(r["false_fact_rate"]), _fmt(r["unknown_rate"])]  # fmt: skip
            out.append("| " + " | ".join(str(c) for c in cells) + " |")
    probe = reader["probe"]
    out += ["", f"Probe (25 phrasings per slot, another writer): lowest slot {_fmt(probe['min_slot_share'])}, "
            f"negated phrasings read as yes: {probe['negated_read_yes']}.", "",
            ", ".join(f"{s} {v}" for s, v in probe["per_slot"].items())]  # fmt: skip
    for split, wrong in reader.get("wrong", {}).items():
        if wrong and split == "dev":
            out += ["", f"Wrong {split} verdicts ({len(wrong)}):", "", *[f"- {w}" for w in wrong]]
    return out


def _matching_lines(matching: dict[str, Any]) -> list[str]:
    """Matching by set: dev (developed on), then each used sealed set apart, never pooled."""
    out = ["## Matching: the best-placed partner for a deal", "",
           "Each case: an ICP, account notes and a capability map of 5-10 partners, read offline, decided and "
           "ranked (`python -m evals.matching_eval`). top-1: the best-placed partner (or none) is the labelled one.",
           "", "| set | cases | top-1 | GO set exact | false GO partners |", "|---|---:|---:|---:|---:|"]  # fmt: skip
    for name, m in matching.items():
        out.append(
            f"| {name} | {m['cases']} | {_fmt(m['top1'])} | {_fmt(m['go_set_exact'])} | {m['false_go_partners']} |"
        )
    return out


def _check_lines(checks: dict[str, list[dict[str, Any]]]) -> list[str]:
    lines = ["| section | metric | bound | value | passed |", "|---|---|---|---:|---|"]
    for section, items in checks.items():
        for c in items:
            bound = f">= {c['min']}" if "min" in c else f"<= {c['max']}"
            lines.append(
                f"| {section} | {c['metric']} | {bound} | {_fmt(c['value'])} | {'yes' if c['passed'] else 'NO'} |"
            )
    return lines


def _confusion_lines(matrix: dict[str, dict[str, int]]) -> list[str]:
    labels = sorted(set(matrix) | {a for row in matrix.values() for a in row})
    lines = ["| expected \\ got | " + " | ".join(labels) + " |", "|---|" + "---:|" * len(labels)]
    lines += [f"| {e} | " + " | ".join(str(matrix.get(e, {}).get(a, 0)) for a in labels) + " |" for e in labels]
    return lines


def markdown(report: dict[str, Any]) -> str:
    """The whole report as markdown: summary, gate, targets, changes, confusion, rules, wrong cases."""
    out = ["# Eval report", "", "Regenerate with `make eval` (runs `coach eval`). No key, no network.", ""]
    out += ["## Summary", "", summary_table(report), ""]
    if "reader" in report:
        out += [*_reader_lines(report["reader"]), ""]
    if "matching" in report:
        out += [*_matching_lines(report["matching"]), ""]
    if "fit" in report:
        out += ["## Account fit against the ICP", "",
                "Labelled account lists against their ICPs, the ICP read offline (`python -m evals.fit_eval`).", "",
                "| set | accounts | accuracy | unknown rate | in on an unknown | in when out |",
                "|---|---:|---:|---:|---:|---:|",
                *[f"| {n} | {f['accounts']} | {_fmt(f['accuracy'])} | {_fmt(f['unknown_rate'])} | "
                  f"{f['in_when_unknown']} | {f['in_when_out']} |" for n, f in report["fit"].items()], ""]  # fmt: skip
    out += ["## Gate (evals/thresholds.toml)", "", f"Passed: **{'yes' if report['gate']['passed'] else 'NO'}**", ""]
    out += [*_check_lines(report["gate"]["checks"]), "", "## Targets (not gated: the gap still to close)", ""]
    out += [*_check_lines(report["targets"]), ""]
    changes = report["changes"]
    out += [f"## Changes since {changes['since']}", ""]
    for name in report["extractors"]:
        regressed, fixed = changes[name]["regressions"], changes[name]["fixed"]
        out.append(f"- {name}: regressions: {', '.join(regressed) or 'none'}; fixed: {', '.join(fixed) or 'none'}")
    for name, extractor in report["extractors"].items():
        metrics = extractor["metrics"]
        out += ["", f"## {name}" + (f" ({extractor['model']}, replayed)" if "model" in extractor else ""), ""]
        for kind, matrix in metrics["confusion"].items():
            out += [f"Confusion ({kind}s):", "", *_confusion_lines(matrix), ""]
        ev = metrics["evidence"]
        out.append(f"Evidence: {ev['proposed']} quotes proposed, {ev['verbatim']} verbatim in the text, "
                   f"{ev['kept']} kept after grounding.")  # fmt: skip
        f = metrics["fields"]
        out += [f"Fields: {f['matched']}/{f['labelled']} match; {f['guessed']}/{f['labelled_unknown']} "
                "labelled unknown were given a value.", ""]  # fmt: skip
        out += ["| rule | tp | fp | fn | precision | recall |", "|---|---:|---:|---:|---:|---:|"]
        for rule, c in metrics["rules"]["per_rule"].items():
            out.append(f"| {rule} | {c['tp']} | {c['fp']} | {c['fn']} | {_fmt(c['precision'])} | {_fmt(c['recall'])} |")
        wrong = [row for row in extractor["cases"].values() if row["verdict"] != row["expected_verdict"]]
        out += ["", f"Wrong verdicts ({len(wrong)}):", ""]
        for row in wrong:
            why = f" ({row['error'][:120]})" if row.get("error") else ""
            out.append(f"- {row['case']}: expected {row['expected_verdict']}, got {row['verdict']}{why}")
    if "retrieval" in report:
        r, c = report["retrieval"], report["citations"]
        out += ["", "## Retrieval", "", f"Method: {r['method']}.", ""]
        for key in ("recall_at_1", "recall_at_3", "recall_at_3_paraphrased", "recall_at_3_holdout", "mrr",
                    "not_covered_precision", "not_covered_recall"):  # fmt: skip
            out.append(f"- {key}: {_fmt(r.get(key))}")
        from evals.retrieval_eval import format_table

        out += [f"- citations valid: {c['valid']}/{c['checked']}"]
        out += [f"  - {b['question']}: {b['chunk']} ({b['why']})" for b in c["invalid"]]
        out += ["", "Per set (dev: tuned on; used: a sealed set after its one measurement, never tuned on; first "
                "measurements in evals/sealed/registry.toml and evals/retrieval/blind-results.md):", "",
                format_table(r)]  # fmt: skip
    return "\n".join(out) + "\n"


def _stable(report: dict[str, Any]) -> dict[str, Any]:
    """The report without timings anywhere in it, so that regenerating it on unchanged code gives the same file."""

    def strip(value: Any) -> Any:
        if isinstance(value, dict):
            return {k: strip(v) for k, v in value.items() if not (k.endswith(("_ms", "_s")) or k == "seconds")}
        if isinstance(value, list):
            return [strip(v) for v in value]
        return value

    return strip(report)


def write_report(report: dict[str, Any], folder: Path = EVALS_DIR) -> tuple[Path, Path]:
    """Write report.json (no timings, stable across runs) and report.md into `folder`."""
    folder.mkdir(parents=True, exist_ok=True)
    json_path, md_path = folder / "report.json", folder / "report.md"
    json_path.write_text(json.dumps(_stable(report), indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    md_path.write_text(markdown(_stable(report)), encoding="utf-8")
    return json_path, md_path
