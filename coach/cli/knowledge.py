"""`coach ask`: the framework's answer, with citations."""

from __future__ import annotations

import argparse
from typing import Any

from coach.cli.output import _notices, _print_json
from coach.errors import InputError

# --- coach ask -----------------------------------------------------------------------------------


def _add_ask(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("ask", help="ask the framework a question; the answer quotes and cites its sources")
    p.add_argument("question", help='the question, e.g. "when is a deal too late for a partner?"')
    p.add_argument(
        "--docs",
        action="append",
        default=[],
        metavar="FOLDER",
        help="also search your own playbooks (.md, .txt, .pdf) in FOLDER; repeatable (or COACH_KNOWLEDGE_DIRS)",
    )
    p.add_argument("-k", type=int, default=3, help="how many passages to answer from (default 3)")
    p.add_argument("--json", action="store_true", help='print {"answer", "citations": [...]} as JSON')
    p.set_defaults(run=_run_ask)


def _run_ask(args: argparse.Namespace) -> int:
    from dataclasses import replace
    from pathlib import Path

    from coach.config import Settings

    if not args.question.strip():
        raise InputError('The question is empty; ask something, e.g. coach ask "who signs the deal?".')
    settings = Settings.from_env()
    if args.docs:
        settings = replace(settings, knowledge_dirs=(*settings.knowledge_dirs, *(Path(d) for d in args.docs)))
    answer = _answer_with_model_or_offline(args.question, settings, max(1, args.k))
    if args.json:
        _print_json(answer.model_dump())
        return 0
    print(answer.answer)
    if answer.citations:
        print()
    for citation in answer.citations:
        print(f"[{citation.n}] {citation.chunk_id}")
    return 0


def _answer_with_model_or_offline(question: str, settings: Any, k: int) -> Any:
    """With a live model the answer is confined to the passages; if the model fails, the offline answer says so."""
    from coach.answers import answer_question
    from coach.errors import ExtractionError

    if not settings.uses_model or settings.replay is not None:
        return answer_question(question, settings, k=k)
    from coach.reading.llm import complete_text

    try:
        return answer_question(question, settings, k=k, complete=lambda prompt: complete_text(prompt, settings))
    except ExtractionError as err:
        _notices([f"{err} The answer below is quoted from the framework instead."])
        return answer_question(question, settings, k=k)
