"""Write the hand-authored cassettes of the eval cases: `python -m evals.authoring [CASE ...]`.

The answers themselves live in evals/authored_programs.py and evals/authored_deals.py: what a careful
model returns as its tool call for each case's text, quotes copied from the text by a person reading
it (never generated from the labels). About one case in ten is imperfect on purpose (a paraphrased
quote, a missing field, a malformed first answer); those quotes are listed in `MISQUOTED` so the check
below lets them through. The requests are built by the real extractor (`write_hand_authored`), so
the keys are exactly those `coach eval` looks up. A chat case gets one cassette per turn:
`<case>.json` for the first, `<case>.turn<n>.json` after it, each made with the draft so far as the
replayed extractor and `merge_drafts` build it.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

from coach.config import Settings
from coach.evidence import locate
from coach.framework import ProgramDraft
from coach.merge import merge_drafts
from evals.cases import Case, load_cases

CASSETTES = Path(__file__).resolve().parent / "cassettes"
MODEL = "openai/gpt-4o-mini"


def _quotes(data: Any) -> list[str]:
    if isinstance(data, dict):
        own = [data["quote"]] if isinstance(data.get("quote"), str) else []
        return own + [q for k, v in data.items() if k != "quote" for q in _quotes(v)]
    if isinstance(data, list):
        return [q for item in data for q in _quotes(item)]
    return []


def check_quotes(case: str, text: str, answers: list[Any], misquoted: set[str]) -> None:
    """Every quote of an authored answer is in the text, unless it is a deliberate misquote."""
    from coach.reading.llm import instructions_masked

    masked = instructions_masked(text)
    for answer in answers:
        for quote in _quotes(answer) if isinstance(answer, dict) else []:
            if quote in misquoted:
                continue
            if locate(quote, text) is None:
                raise ValueError(f"{case}: quote not in the text: {quote!r}")
            if locate(quote, masked) is None:
                raise ValueError(f"{case}: quote sits in a sentence addressed to a model: {quote!r}")


def turn_path(case: str, turn: int) -> Path:
    """The cassette of one turn: `<case>.json` for the first, `<case>.turn<n>.json` after it."""
    return CASSETTES / (f"{case}.json" if turn == 1 else f"{case}.turn{turn}.json")


def author(case: Case, turns: list[list[Any]], misquoted: set[str]) -> None:
    """Write the cassettes of one case, turn by turn, each with the draft the replay will have built."""
    from coach.reading.llm import LLMExtractor
    from coach.reading.replay import write_hand_authored

    if len(turns) != len(case.messages):
        raise ValueError(f"{case.id}: {len(case.messages)} messages but {len(turns)} authored turns")
    draft = ProgramDraft()
    for number, (message, answers) in enumerate(zip(case.messages, turns, strict=True), start=1):
        check_quotes(case.id, message, answers, misquoted)
        current = draft.model_dump(mode="json", exclude_defaults=True) if number > 1 else None
        path = turn_path(case.id, number)
        write_hand_authored(case.id, case.kind, message, answers, path, model=MODEL, current=current)
        if case.kind == "program":
            replayed = LLMExtractor(Settings(model=MODEL, replay=path, max_retries=2))
            draft, _ = merge_drafts(draft, replayed.extract_program(message, draft).facts)


def main(argv: list[str] | None = None) -> int:
    """Author every case's cassettes (or the named cases')."""
    from evals.authored_deals import DEALS, DEALS_MISQUOTED
    from evals.authored_programs import PROGRAMS, PROGRAMS_MISQUOTED

    authored = {**PROGRAMS, **{k: [v] for k, v in DEALS.items()}}
    misquoted = PROGRAMS_MISQUOTED | DEALS_MISQUOTED
    wanted = set(sys.argv[1:] if argv is None else argv)
    for case in load_cases():
        if wanted and case.id not in wanted:
            continue
        if case.id not in authored:
            print(f"{case.id}: no authored answer", file=sys.stderr)
            continue
        author(case, authored[case.id], misquoted)
        print(f"{case.id}: {len(case.messages)} turn(s)")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
