"""Offline coaching-turn latency, in process: p50 and p95 over a scripted conversation.

Run: `.venv/bin/python -m evals.bench_coaching` (or call `bench_turns()` from evals.bench).
"""

from __future__ import annotations

import statistics
import tempfile
import time
from pathlib import Path

MESSAGES = (
    "We sell to fintech companies with 200-2,000 employees in North America; 70% of closed-won came from there.",
    "The CFO signs the deal. The Head of Security runs the evaluation. Procurement stalls us for six weeks.",
    "The trigger is a SOC 2 Type II audit deadline written into a bank contract. What counts as a trigger?",
    "Partners must have category credibility with the CFO: audit firms that already audited the account.",
    "Audit firms add confidence for the CFO at evaluation: security review drops from 6 weeks to 2 weeks.",
    "Partners are not allowed on deals under $50k ARR, or from legal review on.",
)


def bench_turns(rounds: int = 5) -> dict[str, float]:
    """Run the scripted conversation `rounds` times on a fresh session; turn latency in milliseconds."""
    import os

    from coach.coaching import CoachSession

    os.environ.setdefault("COACH_DATA_DIR", str(Path(tempfile.mkdtemp(prefix="coach-bench-"))))
    started = time.perf_counter()
    warm = CoachSession()
    warm.turn(MESSAGES[0])  # pays for the extractor, the knowledge index and the imports once
    first_turn_ms = (time.perf_counter() - started) * 1000
    timings: list[float] = []
    for _ in range(rounds):
        session = CoachSession()
        for message in MESSAGES:
            t0 = time.perf_counter()
            session.turn(message)
            timings.append((time.perf_counter() - t0) * 1000)
    ordered = sorted(timings)
    return {
        "turns": len(timings),
        "first_turn_ms": round(first_turn_ms, 1),
        "p50_ms": round(statistics.median(ordered), 2),
        "p95_ms": round(ordered[max(0, int(len(ordered) * 0.95) - 1)], 2),
        "max_ms": round(ordered[-1], 2),
    }


if __name__ == "__main__":
    for name, value in bench_turns().items():
        print(f"{name:>14}: {value}")
