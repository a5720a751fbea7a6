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
    from coach.errors import ExtractionError
    from coach.knowledge.answers import answer_question

    if not settings.uses_model or settings.replay is not None:
        return answer_question(question, settings, k=k)
    from coach.reading.llm import complete_text

    try:
        return answer_question(question, settings, k=k, complete=lambda prompt: complete_text(prompt, settings))
    except ExtractionError as err:
        _notices([f"{err} The answer below is quoted from the framework instead."])
        return answer_question(question, settings, k=k)


# --- coach knowledge -----------------------------------------------------------------------------


def _add_knowledge(sub: argparse._SubParsersAction) -> None:
    p = sub.add_parser("knowledge", help="the knowledge store: add, list and remove your team's playbooks")
    actions = p.add_subparsers(dest="action", required=True, metavar="{add,list,remove}")
    add = actions.add_parser("add", help="store a .md, .txt or .pdf playbook (one of the same name is replaced)")
    add.add_argument("file", help="the playbook file")
    add.add_argument("--by", metavar="NAME", help="who adds it, kept with it (default: $COACH_USER; unverified)")
    listing = actions.add_parser("list", help="the framework documents and every stored playbook")
    listing.add_argument("--json", action="store_true")
    remove = actions.add_parser("remove", help="delete a stored playbook by its name (as `list` shows it)")
    remove.add_argument("id", metavar="ID", help="the playbook's name, e.g. discount-policy.md")
    p.set_defaults(run=_run_knowledge)


def _run_knowledge(args: argparse.Namespace) -> int:
    from pathlib import Path

    from coach.config import Settings
    from coach.knowledge import index

    settings = Settings.from_env()
    where = settings.chroma_url or "this machine's data folder"
    if args.action == "add":
        path = Path(args.file)
        if not path.is_file():
            raise InputError(f"No playbook at {path}: give a .md, .txt or .pdf file.", path=str(path))
        try:
            raw = path.read_bytes()
        except OSError as exc:
            raise InputError(f"Cannot read {path}: {exc.strerror or exc}.", path=str(path)) from exc
        stored = index.add_playbook(settings, path.name, raw, args.by or settings.user or "")
        print(f"Stored {stored.doc} ({_sections(stored.chunks)}) in the knowledge store on {where}.")
        return 0
    if args.action == "remove":
        gone = index.remove_playbook(settings, args.id)
        print(f"Removed {args.id} ({_sections(gone)}) from the knowledge store on {where}.")
        return 0
    documents = index.stored_documents(settings)
    if args.json:
        _print_json([d.model_dump() for d in documents])
        return 0
    for d in documents:
        added = f", added by {d.added_by} (unverified)" if d.added_by else ""
        added += f" on {d.added_at[:10]}" if d.added_at else ""
        print(f"{d.doc}  [{d.origin}] {_sections(d.chunks)}: {d.title}{added}")
    return 0


def _sections(n: int) -> str:
    return f"{n} section" if n == 1 else f"{n} sections"
