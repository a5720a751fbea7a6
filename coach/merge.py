"""Merging what a person says into the program draft, and their confirmations and edits.

A draft field is addressed by a dotted path: `buyers.decision_maker`, `trigger`, `leverage.1`,
`icp.conditions.0`. New facts add to or replace old ones; a fact the person confirmed stays until
they say something different about the same thing. Every change is reported, so the coach can say
what it understood.
"""

from __future__ import annotations

from typing import Any, Literal

from pydantic import BaseModel

from coach.errors import InputError
from coach.framework import (
    BuyerRole,
    Exclusion,
    Fact,
    IcpCondition,
    IcpEvidence,
    LeverageZone,
    NoiseRisk,
    ProgramDraft,
    Strict,
    SuccessMetric,
    Trigger,
    TrustStanding,
)

ChangeAction = Literal["added", "replaced", "updated", "confirmed", "edited", "removed"]

# One-of fields: a new fact replaces the old one.
SINGLE_FIELDS: dict[str, str] = {
    "icp.statement": "ICP statement",
    "buyers.decision_maker": "decision maker",
    "buyers.influencer": "influencer",
    "buyers.blocker": "blocker",
    "trigger": "buying trigger",
}

# Many-of fields: a new fact replaces the old one with the same key, else it is added.
LIST_FIELDS: dict[str, str] = {
    "icp.conditions": "ICP condition",
    "icp.evidence": "ICP evidence",
    "metrics": "success metric",
    "trust": "trust standing",
    "leverage": "leverage zone",
    "noise_risks": "noise risk",
    "exclusions": "exclusion",
    "open_questions": "open question",
}

# What a new zone leaves unsaid is kept from the old one: "at legal review" refines a zone, it does not erase it.
_KEPT_WHEN_UNSAID: dict[str, tuple[str, ...]] = {
    "leverage": ("role", "stage", "change"),
    "exclusions": ("threshold", "stage"),
    "trust": ("role",),
}

# The type a path holds, for building a fact from words the person typed.
_SINGLE_TYPES: dict[str, type[Fact]] = {
    "icp.statement": Fact,
    "buyers.decision_maker": BuyerRole,
    "buyers.influencer": BuyerRole,
    "buyers.blocker": BuyerRole,
    "trigger": Trigger,
}


class Change(Strict):
    """One change to the draft, in words a person can check."""

    path: str
    label: str
    action: ChangeAction
    value: str | None = None
    previous: str | None = None

    def sentence(self) -> str:
        """The change as a short sentence."""
        if self.action == "removed":
            return f"removed the {self.label} ({self.previous})"
        if self.action == "confirmed":
            return f"confirmed the {self.label}: {self.value}"
        if self.previous and self.action in {"replaced", "updated", "edited"}:
            return f"{self.action} the {self.label}: {self.previous} → {self.value}"
        return f"{self.action} the {self.label}: {self.value}"


def _key(path: str, fact: Any) -> tuple[str, ...]:
    """What makes two facts in a list the same thing, so the newer replaces the older."""
    if isinstance(fact, IcpCondition):
        return (fact.dimension,) if fact.dimension != "other" else (fact.dimension, fact.text.lower())
    if isinstance(fact, (SuccessMetric, Exclusion)):
        kind = fact.kind
        return (kind,) if kind != "other" else (kind, fact.text.lower())
    if isinstance(fact, TrustStanding):
        return (fact.form, fact.role or "")
    if isinstance(fact, LeverageZone):
        return (fact.type,)
    if isinstance(fact, (IcpEvidence, NoiseRisk)):
        return (fact.kind, fact.text.lower())
    return (fact.quote.strip().lower(),)


def _replaces(path: str, old: Any, new: Any) -> bool:
    """Whether `new` replaces `old`: the same key, and for leverage zones no conflicting buyer role."""
    if isinstance(old, LeverageZone) and isinstance(new, LeverageZone):
        return old.type == new.type and (old.role is None or new.role is None or old.role == new.role)
    return _key(path, old) == _key(path, new)


def _content(value: Any) -> Any:
    """A fact's meaning: everything but where its quote sits and whether it was confirmed."""
    if isinstance(value, BaseModel):
        return _content(value.model_dump())
    if isinstance(value, dict):
        return {k: _content(v) for k, v in value.items() if k not in {"start", "status"}}
    if isinstance(value, list):
        return [_content(v) for v in value]
    return value


def same_fact(a: Any, b: Any) -> bool:
    """True when two facts say the same thing, wherever their quotes sit."""
    return _content(a) == _content(b)


def describe(fact: Any) -> str:
    """A fact in a few words, for change lists and the scorecard."""
    if fact is None:
        return "unknown"
    if isinstance(fact, BuyerRole):
        return fact.title
    if isinstance(fact, LeverageZone):
        where = ", ".join(x.replace("_", " ") for x in (fact.role, fact.stage) if x)
        change = f"; {fact.change.before} → {fact.change.after}" if fact.change else ""
        return f"{fact.type}: {fact.text}" + (f" ({where})" if where else "") + change
    text = getattr(fact, "text", None)
    return text if isinstance(text, str) else fact.quote


def _main_words(fact: Any) -> str:
    """What a fact is about (its title or text), so a refinement reads as an update, not a replacement."""
    return str(getattr(fact, "title", None) or getattr(fact, "text", None) or fact.quote).strip().lower()


def label_for(path: str) -> str:
    """The plain-words name of the field at a path."""
    if path in SINGLE_FIELDS:
        return SINGLE_FIELDS[path]
    head, _, index = path.rpartition(".")
    if head in LIST_FIELDS and index.isdigit():
        return f"{LIST_FIELDS[head]} {int(index) + 1}"
    raise InputError(f"There is no field called {path!r} in the draft.")


def get_path(draft: BaseModel, path: str) -> Any:
    """The value at a dotted path (list items by index)."""
    value: Any = draft
    for part in path.split("."):
        try:
            value = value[int(part)] if part.isdigit() else getattr(value, part)
        except (IndexError, AttributeError, TypeError):
            raise InputError(f"There is no field called {path!r} in the draft.") from None
    return value


def _set_path(draft: BaseModel, path: str, value: Any) -> None:
    head, _, last = path.rpartition(".")
    parent = get_path(draft, head) if head else draft
    if last.isdigit():
        parent[int(last)] = value
    else:
        setattr(parent, last, value)


def _refined(path: str, old: Any, new: Any) -> Any:
    """The new fact, keeping what it leaves unsaid from the old one."""
    kept = {name: getattr(old, name) for name in _KEPT_WHEN_UNSAID.get(path, ()) if getattr(new, name) is None}
    return new.model_copy(update=kept) if kept else new


def merge_drafts(old: ProgramDraft, new: ProgramDraft) -> tuple[ProgramDraft, list[Change]]:
    """Merge newly extracted facts into the draft; return the merged draft and what changed."""
    draft = old.model_copy(deep=True)
    changes: list[Change] = []
    for path, label in SINGLE_FIELDS.items():
        incoming = get_path(new, path)
        current = get_path(draft, path)
        if incoming is None or (current is not None and same_fact(current, incoming)):
            continue
        _set_path(draft, path, incoming.model_copy(deep=True))
        action: ChangeAction = "added" if current is None else "replaced"
        changes.append(Change(path=path, label=label, action=action, value=describe(incoming), previous=_prev(current)))
    for path, label in LIST_FIELDS.items():
        items = list(get_path(draft, path))
        # Facts from one message never merge with each other, only with what the draft already held.
        earlier, matched = len(items), set()
        for incoming in get_path(new, path):
            at = next(
                (i for i in range(earlier) if i not in matched and _replaces(path, items[i], incoming)),
                None,
            )
            if at is not None:
                matched.add(at)
            if at is None:
                items.append(incoming.model_copy(deep=True))
                where = f"{path}.{len(items) - 1}"
                changes.append(Change(path=where, label=label, action="added", value=describe(incoming)))
                continue
            refined = _refined(path, items[at], incoming)
            if same_fact(items[at], refined):
                continue
            previous, items[at] = items[at], refined.model_copy(deep=True)
            action = "updated" if _main_words(previous) == _main_words(refined) else "replaced"
            changes.append(
                Change(
                    path=f"{path}.{at}", label=label, action=action, value=describe(refined), previous=_prev(previous)
                )
            )
        _set_path(draft, path, items)
    return draft, changes


def _prev(fact: Any) -> str | None:
    if fact is None:
        return None
    mark = " (you had confirmed it)" if getattr(fact, "status", None) == "confirmed" else ""
    return describe(fact) + mark


def confirm_field(draft: ProgramDraft, path: str) -> tuple[ProgramDraft, Change]:
    """Mark the fact at a path as confirmed by the person."""
    label = label_for(path)
    fact = get_path(draft, path)
    if fact is None:
        raise InputError(f"The {label} is not known yet, so there is nothing to confirm.")
    updated = draft.model_copy(deep=True)
    _set_path(updated, path, fact.model_copy(update={"status": "confirmed"}))
    return updated, Change(path=path, label=label, action="confirmed", value=describe(fact))


def _typed(path: str, current: Any, words: str) -> Fact:
    """A fact built from words the person typed into a field: their words are the evidence."""
    if current is not None:
        main = "title" if isinstance(current, BuyerRole) else "text" if hasattr(current, "text") else "quote"
        return current.model_copy(update={main: words, "quote": words, "start": None, "status": "confirmed"})
    kind = _SINGLE_TYPES.get(path)
    if kind is BuyerRole:
        return BuyerRole(quote=words, title=words, status="confirmed")
    if kind is Trigger:
        return Trigger(quote=words, kind="other", text=words, status="confirmed")
    if kind is Fact:
        return Fact(quote=words, status="confirmed")
    raise InputError(f"Say the {label_for(path)} in the chat first; then it can be edited here.")


def edit_field(
    draft: ProgramDraft, path: str, value: str | dict[str, Any], extracted: ProgramDraft | None = None
) -> tuple[ProgramDraft, Change]:
    """Set the fact at a path from the person's words (or field values); an empty value removes it.

    `extracted` is what an extractor read from those words: when it holds a fact for the same field
    (with its kind, role or threshold), that fact is used; otherwise the words replace the fact's text.
    """
    label = label_for(path)
    current = get_path(draft, path) if path in SINGLE_FIELDS or _index_exists(draft, path) else None
    if current is None and path not in SINGLE_FIELDS:
        raise InputError(f"There is no {label} in the draft yet.")
    updated = draft.model_copy(deep=True)
    if isinstance(value, str) and not value.strip():
        if current is None:
            raise InputError(f"The {label} is already unknown.")
        _remove(updated, path)
        return updated, Change(path=path, label=label, action="removed", previous=describe(current))
    if isinstance(value, dict):
        if current is None:
            raise InputError(f"Say the {label} in the chat first; then it can be edited here.")
        data = {**current.model_dump(), **value, "status": "confirmed"}
        fact = type(current).model_validate(data)
    else:
        words = value.strip()
        found = _same_slot(extracted, path) if extracted is not None else None
        fact = found.model_copy(update={"status": "confirmed"}) if found is not None else _typed(path, current, words)
    _set_path(updated, path, fact)
    return updated, Change(path=path, label=label, action="edited", value=describe(fact), previous=_prev(current))


def _index_exists(draft: ProgramDraft, path: str) -> bool:
    head, _, index = path.rpartition(".")
    return head in LIST_FIELDS and index.isdigit() and int(index) < len(get_path(draft, head))


def _same_slot(extracted: ProgramDraft, path: str) -> Any:
    """The fact an extraction found for the field at `path`, if any."""
    if path in SINGLE_FIELDS:
        return get_path(extracted, path)
    items = get_path(extracted, path.rpartition(".")[0])
    return items[0] if items else None


def _remove(draft: ProgramDraft, path: str) -> None:
    if path in SINGLE_FIELDS:
        _set_path(draft, path, None)
        return
    head, _, index = path.rpartition(".")
    items = list(get_path(draft, head))
    del items[int(index)]
    _set_path(draft, head, items)


def fields_with_facts(draft: ProgramDraft) -> list[tuple[str, Any]]:
    """Every known fact in the draft with its path, in framework order, for evidence lists."""
    order = [
        "icp.statement", "icp.conditions", "icp.evidence",
        "buyers.decision_maker", "buyers.influencer", "buyers.blocker", "metrics",
        "trigger", "trust", "leverage", "noise_risks", "exclusions", "open_questions",
    ]  # fmt: skip
    rows: list[tuple[str, Any]] = []
    for path in order:
        value = get_path(draft, path)
        if isinstance(value, list):
            rows += [(f"{path}.{i}", item) for i, item in enumerate(value)]
        elif value is not None:
            rows.append((path, value))
    return rows
