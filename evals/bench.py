"""Latency benchmarks: `make bench` (or `python -m evals.bench`). Numbers, not assertions.

- coach verdict in-process (extract the notes, decide) and as a whole process (`coach verdict ... --json`);
- the import time of the CLI's verdict path;
- an offline coaching turn (evals.bench_coaching) and a retrieval query, when those modules are present.
"""

from __future__ import annotations

import json
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from evals.cases import load_cases

ROOT = Path(__file__).resolve().parent.parent
SAMPLES = ROOT / "evals" / "samples"


def _percentiles(samples_ms: list[float]) -> dict[str, float]:
    ordered = sorted(samples_ms)
    p95 = ordered[min(len(ordered) - 1, round(0.95 * (len(ordered) - 1)))]
    return {"n": len(ordered), "p50_ms": round(statistics.median(ordered), 2), "p95_ms": round(p95, 2)}


def bench_verdict_in_process(rounds: int = 3) -> dict[str, float]:
    """Extract every labelled deal case's notes offline and decide it, timing each call."""
    from coach.reading.offline import OfflineExtractor
    from coach.rules import decide_deal

    extractor = OfflineExtractor()
    cases = load_cases()
    programs = {
        c.id: extractor.extract_program(c.text or "\n".join(c.turns)).facts for c in cases if c.kind == "program"
    }
    deals = [c for c in cases if c.kind == "deal"]
    samples = []
    for _ in range(rounds):
        for case in deals:
            start = time.perf_counter()
            decide_deal(extractor.extract_deal(case.text).facts, programs[case.icp])
            samples.append((time.perf_counter() - start) * 1000)
    return _percentiles(samples)


def bench_verdict_process(rounds: int = 10) -> dict[str, float]:
    """The whole `coach verdict --json` command, interpreter start included."""
    coach = Path(sys.executable).with_name("coach")
    argv = [str(coach), "verdict", str(SAMPLES / "deal-go.txt"), "--icp", str(SAMPLES / "program.md"), "--json"]
    samples = []
    with tempfile.TemporaryDirectory() as data_dir:
        env = {**os.environ, "COACH_DATA_DIR": data_dir}
        for _ in range(rounds):
            start = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
            samples.append((time.perf_counter() - start) * 1000)
            json.loads(done.stdout)
    return _percentiles(samples)


def synthetic_map(size: int = 200) -> str:
    """A capability map of `size` partners (the sample map's five, then generated ones), as CSV."""
    from coach.partners.capability import PartnerProfile, Proof, Relationship, map_csv, read_map

    industries = ["fintech", "banking", "healthcare", "insurance", "manufacturing", "logistics", "retail", "software"]
    regions = ["US", "Canada", "UK", "Germany", "Texas", "Ontario", "Australia", "France"]
    profiles = read_map((SAMPLES / "partner-map.csv").read_text(encoding="utf-8"))
    for i in range(size - len(profiles)):
        profiles.append(
            PartnerProfile(
                name=f"Partner {i:03d} Advisory",
                motions=["co-sell"] if i % 4 else ["refer"],
                industries=[industries[i % 8], industries[(i + 3) % 8]],
                regions=[regions[i % 8]],
                relationships=[Relationship(account=f"Account {i}", person="CFO", strength="strong")]
                + ([Relationship(account="Northwind Payments", person="CIO", strength="weak")] if i % 9 == 0 else []),
                proof=[Proof(text=f"Case {i}", named=bool(i % 2))],
                metrics=["audit findings"] if i % 3 else ["cost"],
            )
        )
    return map_csv(profiles)


def _time_command(args: list[str], inputs: dict[str, str], rounds: int, count: str, size: int) -> dict[str, float]:
    """Run `coach ARGS` (each "{name}" an input file written first) `rounds` times as a whole process, in an
    empty workspace; check each JSON answer lists `size` items under `count`."""
    coach = Path(sys.executable).with_name("coach")
    samples = []
    with tempfile.TemporaryDirectory() as folder:
        paths = {}
        for name, text in inputs.items():
            paths[name] = Path(folder) / name
            paths[name].write_text(text, encoding="utf-8")
        argv = [str(coach), *(str(paths[a[1:-1]]) if a[1:-1] in paths else a for a in args)]
        env = {**os.environ, "COACH_DATA_DIR": folder}
        for _ in range(rounds):
            start = time.perf_counter()
            done = subprocess.run(argv, capture_output=True, text=True, env=env, check=True)
            samples.append((time.perf_counter() - start) * 1000)
            assert len(json.loads(done.stdout)[count]) == size
    return _percentiles(samples)


def bench_match_process(rounds: int = 5, size: int = 200) -> dict[str, float]:
    """The whole `coach match --json` command with a map of `size` partners, interpreter start included."""
    args = ["match", str(SAMPLES / "deal-go.txt"), "--icp", str(SAMPLES / "program.md"), "--partners", "{map.csv}",
            "--json"]  # fmt: skip
    return _time_command(args, {"map.csv": synthetic_map(size)}, rounds, "partners", size)


def synthetic_accounts(size: int = 10_000) -> str:
    """An account list of `size` rows in a CRM export's own column names, with the gaps real exports have."""
    import csv
    import io
    import random

    rng = random.Random(1)
    industries = ["Fintech", "Payments", "Lending", "B2B SaaS", "Health insurer", "Retail", "Manufacturing", "Banking"]
    places = ["Toronto, ON", "Seattle, WA", "Boston", "Texas", "London", "Munich", "Sydney", "Chicago, IL"]
    out = io.StringIO()
    writer = csv.writer(out)
    writer.writerow(["Account Name", "Vertical", "Headcount", "HQ", "CRM"])
    for i in range(size):
        writer.writerow([f"Account {i}", rng.choice(industries), rng.choice(["120", "650", "1,400", "n/a", "3000"]),
                         rng.choice(places), rng.choice(["Salesforce", "HubSpot", ""])])  # fmt: skip
    return out.getvalue()


def bench_fit_process(rounds: int = 5, size: int = 10_000) -> dict[str, float]:
    """The whole `coach fit --json` command over `size` accounts, interpreter start included."""
    args = [
        "fit",
        "{accounts.csv}",
        "--icp",
        str(SAMPLES / "program.md"),
        "--json",
        "--map",
        "Account Name=name",
        "--map",
        "Vertical=industry",
        "--map",
        "Headcount=employees",
        "--map",
        "HQ=region",
        "--map",
        "CRM=tech",
    ]
    return _time_command(args, {"accounts.csv": synthetic_accounts(size)}, rounds, "accounts", size)


def bench_verdict_imports() -> dict[str, float]:
    """Import time of everything `coach verdict` loads, in a fresh interpreter."""
    probe = "import time; t=time.perf_counter(); import coach.cli, coach.reading.offline, coach.rules, coach.inputs; "
    probe += "print((time.perf_counter()-t)*1000)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    return {"import_ms": round(float(done.stdout.strip()), 1)}


def bench_model_load() -> dict[str, float]:
    """The reader's start-up in a fresh interpreter, after its modules are imported: loading the weights, then
    the first read (which compiles the lexicon grammars)."""
    probe = (
        "import time; from coach.reading.classifier import classifier; from coach.reading.deal import read_clauses; "
    )
    probe += "t=time.perf_counter(); classifier(); w=time.perf_counter(); read_clauses('The CFO signs.'); "
    probe += "print((w-t)*1000, (time.perf_counter()-w)*1000)"
    done = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True, check=True)
    weights, first = (float(x) for x in done.stdout.split())
    return {"weights_ms": round(weights, 1), "first_read_ms": round(first, 1)}


def bench_knowledge(rounds: int = 5) -> dict[str, object]:
    """The knowledge store: first build into an empty store, a warm open (the store exists, this process has no
    mirror yet), the per-call revision check of an open index, and query latency over the retrieval questions."""

    from coach.config import Settings
    from coach.knowledge import index as knowledge_index
    from evals.retrieval_eval import load_questions

    first, warm, check = [], [], []
    questions = [q["question"] for q in load_questions()]
    with tempfile.TemporaryDirectory(prefix="coach-bench-knowledge-") as folder:
        for n in range(rounds):
            settings = Settings(data_dir=Path(folder) / f"store-{n}")
            knowledge_index._MIRRORS.clear()
            start = time.perf_counter()
            knowledge_index.open_index(settings)
            first.append((time.perf_counter() - start) * 1000)
            knowledge_index._MIRRORS.clear()
            start = time.perf_counter()
            index = knowledge_index.open_index(settings)
            warm.append((time.perf_counter() - start) * 1000)
            start = time.perf_counter()
            knowledge_index.open_index(settings)
            check.append((time.perf_counter() - start) * 1000)
        queries = []
        for question in questions * 3:
            start = time.perf_counter()
            knowledge_index.relevant_passages(index, question, 3)
            queries.append((time.perf_counter() - start) * 1000)
    return {
        "first_build_ms": _percentiles(first),
        "warm_open_ms": _percentiles(warm),
        "revision_check_ms": _percentiles(check),
        "query_ms": _percentiles(queries),
    }


def main() -> int:
    """Run every benchmark and print one JSON object."""
    results: dict[str, object] = {
        "verdict_in_process": bench_verdict_in_process(),
        "verdict_process": bench_verdict_process(),
        "match_process_200_partners": bench_match_process(),
        "fit_process_10k_accounts": bench_fit_process(),
        "verdict_imports": bench_verdict_imports(),
        "model_load": bench_model_load(),
        "knowledge": bench_knowledge(),
    }
    try:
        from evals.bench_coaching import bench_turns

        results["coaching_turn_offline"] = bench_turns()
    except ImportError:
        results["coaching_turn_offline"] = "evals.bench_coaching not present"
    print(json.dumps(results, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
