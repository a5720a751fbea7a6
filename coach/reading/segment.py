"""Notes -> clauses: each a slice of the canonical text that says one thing, with its label and context.

Lines are split into sentences, and sentences at strong clause boundaries ("; ", ", but", "however").
A question and the answer that follows it are one clause ("Q: who signs? A: their CFO"). A field label
("Signer: CFO", "rel - Y") is recognised from the labels lexicon, and a heading line that is only a label
("Trust:") gives its slot to the lines under it. Quoted email history ("> ...") is marked as such.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, replace

from coach import lexicon

# Sentence ends: ". " "! " "? " before a capital, digit, quote or bullet; a period inside "e.g.", "Dr." or
# "1.5" stays put because a capital or digit must follow a space.
_SENTENCE_END = re.compile(
    r"(?<=[.!?])\s+(?=[\"'(\[A-Z0-9$€£>*•-])|\s+\|\s+"
    # Shorthand writes on in lower case: "CFO = signer. also our sponsor" is two sentences when the word before
    # the full stop is a word of three letters or more (not "approx.", "e.g." or an initial).
    r"|(?<=[^\W\d_]{3}[.!])\s+(?=[a-z])"
)
# Columns of an export laid side by side ("Amount (ARR): 45,000 USD       Stage: Evaluation"): a tab or a run of
# three or more spaces between two words is a field break.
_COLUMN = re.compile(r"(?<=\S)(?:[ ]*\t[ \t]*|[ ]{3,})(?=\S)")
_CLAUSE_BREAK = re.compile(
    r";\s+|,\s+(?:but|however|though|although|whereas|while|yet)\s+|\s+(?:but|however|whereas)\s+(?=\w+\s+\w+)"
    r"|\s+[—–]\s+|\s+-{1,2}\s+(?=[a-z])",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*(?:[-*•·>]+|\d{1,2}[.)]|[a-z][.)])\s+")
_QUOTED = re.compile(r"^\s*>")
_LABEL = re.compile(r"^(?P<label>[^\W\d][\w /&'’.()-]{0,38}?)\s*(?::|=|->|→|\s-\s|\?\s*(?=A\s*:))\s*(?P<value>.*)$")
_ANSWER = re.compile(r"^\s*(?:A|Answer|R|Resp)\s*[:.-]\s*", re.IGNORECASE)
# A speaker's name before what they said: "TOM:", "Priya (CFO):", "Dana Okafor 9:26 AM:", and a chat log's
# "[9:10] dana.k:" (a time in brackets first; a handle in lower case with a dot or underscore in it).
SPEAKER = re.compile(
    r"^(?:\[[^\]\n]{1,20}\]\s*)?"
    r"(?P<name>[A-Z][\w.'’-]*(?:\s[A-Z][\w.'’-]*){0,2}|[a-z][a-z0-9]*[._][\w.]+)"
    r"(?:\s*\([^)]{1,40}\))?(?:\s+\d{1,2}:\d{2}\s*(?:AM|PM)?)?:\s+"
)
# An answer that opens with yes or no answers the question before it, however long it runs.
_YES_NO = re.compile(
    r"^(?:yes|yeah|yep|yup|no|nope|nah|sí|sim|não|ja|nein|correct|right|not really|absolutely)\b", re.I
)


@dataclass(frozen=True)
class Clause:
    """A stretch of the canonical text that says one thing."""

    text: str
    start: int
    label: str | None = None  # the slot a field label or the heading above names
    value_start: int = 0  # where the value begins after a label (offset within text)
    quoted: bool = False  # inside quoted email history
    line: int = 0  # the line it sits on, counting from 0
    speaker_end: int = 0  # where the words after a speaker's name begin ("TOM: yes" -> 5)
    answer_start: int = 0  # a question joined with its answer: where the answer begins (offset within text)
    context: str | None = None  # whose section a bullet sits in: "partner" under "Partner: Northmark" (see clauses)
    header: str | None = None  # the column heading a table cell sits under ("Employees" above "2,240")

    @property
    def end(self) -> int:
        """Offset just past the clause in the canonical text."""
        return self.start + len(self.text)

    @property
    def value(self) -> str:
        """The clause without its label."""
        return self.text[self.value_start :]

    @property
    def said(self) -> str:
        """What was said, without a speaker's name in front."""
        return self.text[self.speaker_end :]

    @property
    def question(self) -> bool:
        """A question nobody answered here: it asks, it asserts nothing."""
        return self.text.rstrip().endswith("?")


def label_slot(label: str, kind: str = "deal") -> str | None:
    """The slot a field label names: 'Econ buyer' -> signer, 'rel w/ acct' -> trust.prior_relationship.

    `kind` picks the label table: "deal" (account notes) or "program" (program descriptions)."""
    key = re.sub(r"\s+", " ", label.strip(" *_#?").lower())
    table = lexicon.labels(kind)
    if key in table:
        return table[key]
    # "Amount (ARR)", "Signer (economic buyer)": a bracketed note does not change what the label names.
    if (bare := re.sub(r"\s*\([^)]*\)", "", key).strip()) != key and bare in table:
        return table[bare]
    # "Economic buyer / signer", "DM/EB": a label of alternatives names the slot any of them names.
    slots = {table.get(part.strip()) for part in re.split(r"\s*/\s*", key) if part.strip()}
    slots.discard(None)
    return slots.pop() if len(slots) == 1 else None


# A program description hard-wrapped at a fixed width (a Markdown file, a pasted email) breaks sentences across
# lines: a line that runs to near the widest line without ending its sentence, followed by one that carries on in
# lower case, is one line with the next. A line at that width is WRAP_SHARE of the widest or more. Notes are not
# joined: they are written line by line, and joining their lines cost verdicts on the dev and holdout notes.
WRAP_SHARE = 0.7
WRAP_MIN_WIDTH = 60


def _lines(text: str, kind: str) -> list[tuple[int, int, str]]:
    """(number, start, body) of each line; in a program description, hard-wrapped continuations are joined to the
    line they continue (the body keeps the line break, so every clause stays a slice of the text)."""
    raw, offset = [], 0
    for number, line in enumerate(text.splitlines(keepends=True)):
        raw.append((number, offset, line.rstrip("\r\n")))
        offset += len(line)
    width = max((len(body.rstrip()) for _n, _s, body in raw), default=0)
    out: list[tuple[int, int, str]] = []
    for number, start, body in raw:
        if kind == "program" and out and width >= WRAP_MIN_WIDTH and _continues(out[-1][2], body, width, kind):
            first, at, _joined = out[-1]
            out[-1] = (first, at, text[at : start + len(body)])
            continue
        out.append((number, start, body))
    return out


def _continues(previous: str, body: str, width: int, kind: str) -> bool:
    """`body` carries on the sentence the wrapped line `previous` left open."""
    last = previous.splitlines()[-1].rstrip() if previous.strip() else ""
    stripped = body.lstrip()
    label = _LABEL.match(stripped)
    return (
        len(last) >= WRAP_SHARE * width
        and not last.endswith((".", "!", "?", ":", ";"))
        and stripped[:1].islower()
        and not _BULLET.match(body)
        and _QUOTED.match(body) is None
        and not (label and label_slot(label.group("label"), kind))
    )


# A table row: cells between pipes ("Cindral Payments | San Jose, CA | 2,240"), and the rule under a markdown
# table's heading row ("|---|:--|").
_CELL_SEP = re.compile(r"\s*\|\s*")
_TABLE_RULE = re.compile(r"^\s*\|?(?:\s*:?-{2,}:?\s*\|)+\s*:?-*:?\s*\|?\s*$")
TABLE_MIN_CELLS = 3


def _cells(body: str) -> list[tuple[int, str]]:
    """(offset, text) of each cell of a pipe-separated row, outer pipes and blanks trimmed; [] when not a row."""
    if body.count("|") < TABLE_MIN_CELLS - 1:
        return []
    cells, at = [], 0
    for m in [*_CELL_SEP.finditer(body), None]:
        end = m.start() if m else len(body)
        cells.append((at, body[at:end]))
        at = m.end() if m else end
    if cells and not cells[0][1].strip():
        cells = cells[1:]
    if cells and not cells[-1][1].strip():
        cells = cells[:-1]
    return cells if len(cells) >= TABLE_MIN_CELLS else []


def _tables(lines: list[tuple[int, int, str]], kind: str) -> dict[int, list[Clause]]:
    """The rows of each table whose first row is a heading row, as one clause per cell labelled by its column
    heading (the clause stays the cell's own text: its quote). Keyed by line number; the heading row and a
    markdown rule map to no clause. A table needs a heading row that names at least one field the lexicon
    knows, and rows of the same width under it."""
    found: dict[int, list[Clause]] = {}
    header: list[str] | None = None
    for number, start, body in lines:
        cells = _cells(body) if not _TABLE_RULE.match(body) else None
        if cells is None:  # the rule under a heading row
            if header is not None:
                found[number] = []
            continue
        if header is not None and len(cells) == len(header):
            row = []
            for (at, cell), heading in zip(cells, header, strict=True):
                if cell.strip(" *_") and heading.strip():
                    text = cell.strip()
                    offset = start + at + (len(cell) - len(cell.lstrip()))
                    row.append(Clause(text, offset, label_slot(heading, kind), 0, False, number, header=heading))
            found[number] = row
            continue
        names = [c.strip(" *_#") for _at, c in cells]
        header = names if cells and any(label_slot(n, kind) for n in names) else None
        if header is not None:
            found[number] = []
    return found


def clauses(text: str, kind: str = "deal") -> list[Clause]:
    """The clauses of a canonical text, in order; `kind` picks the field-label table (see `label_slot`)."""
    found: list[Clause] = []
    heading: str | None = None
    context: str | None = None  # a section about one party: the bullets under "Partner: Northmark" describe it
    lines = _lines(text, kind)
    tables = _tables(lines, kind)
    for number, line_start, body in lines:
        if number in tables:
            found += tables[number]
            continue
        if not body.strip():
            heading = context = None
            continue
        quoted = bool(_QUOTED.match(body))
        bare = body.strip().strip("*_#:").strip()
        # A heading: a known label alone on its line ("Exclusions:"); in a program description also
        # without a colon ("Trigger"), where sections are the norm. In notes, a bare "Budget" line is a value.
        colon = body.strip().endswith(":")
        bare_heading = kind == "program" and len(bare.split()) <= 4 and not _BULLET.match(body)
        if (colon or bare_heading) and (slot := label_slot(bare, kind)):
            heading = slot
            context = slot if slot in SECTION_CONTEXTS else None
            continue
        indented = body[: len(body) - len(body.lstrip())] != "" or bool(_BULLET.match(body))
        if not indented:
            context = None
        # A joined wrapped line is read with its breaks as spaces; each clause keeps the text's own characters.
        for start, piece in _pieces(body.replace("\n", " "), kind):
            clause = _clause(body[start : start + len(piece)], line_start + start, quoted, number, kind)
            if clause.label is None and heading and indented:
                clause = Clause(clause.text, clause.start, heading, 0, quoted, number)
            if indented and context and clause.label in (None, context):
                clause = replace(clause, context=context)
            found.append(clause)
        if not indented and (first := _clause(body.strip(), 0, quoted, number, kind)).label in SECTION_CONTEXTS:
            context = first.label  # "Partner: Northmark Assurance" opens a section for the bullets below it
    return _join_answers(text, found)


# Field labels that name a party rather than a fact: the bullets below such a line describe that party.
SECTION_CONTEXTS = frozenset({"partner"})


def _pieces(line: str, kind: str) -> list[tuple[int, str]]:
    """(offset, text) of each sentence and strong clause of one line, bullets and quote marks trimmed."""
    pieces = []
    sentences = [s for column in _split(line, _COLUMN, 0) for s in _split(column[1], _SENTENCE_END, column[0])]
    for sentence_start, sentence in sentences:
        # A label's own separator ("proof - none they can share") is no clause break.
        lead = _BULLET.match(sentence)
        body_at = lead.end() if lead else 0
        label = _LABEL.match(sentence[body_at:])
        keep = body_at + label.start("value") if label and label_slot(label.group("label"), kind) else 0
        split = _split(sentence[keep:], _CLAUSE_BREAK, sentence_start + keep)
        if keep and split:
            split[0] = (sentence_start, sentence[: keep + len(split[0][1])])
        for start, piece in split:
            lead = _BULLET.match(piece)
            cut = lead.end() if lead else 0
            while cut < len(piece) and piece[cut] in " >":
                cut += 1
            text = piece[cut:].strip()
            if len(text) >= 2 and any(c.isalnum() for c in text):
                pieces.append((start + cut + (len(piece[cut:]) - len(piece[cut:].lstrip())), text))
    return pieces


def _split(text: str, pattern: re.Pattern[str], base: int) -> list[tuple[int, str]]:
    parts, pos = [], 0
    for m in pattern.finditer(text):
        if pattern is not _COLUMN and _after_abbreviation(text, m.start()):
            continue
        parts.append((base + pos, text[pos : m.start()]))
        pos = m.end()
    parts.append((base + pos, text[pos:]))
    return [(s, t) for s, t in parts if t.strip()]


def field_label(text: str, kind: str = "deal") -> tuple[str | None, int]:
    """The slot a clause's field label names and where its value starts: ('signer', 8) for 'Signer: CFO'."""
    m = _LABEL.match(text)
    if m and (slot := label_slot(m.group("label"), kind)):
        return slot, m.start("value")
    return None, 0


def _after_abbreviation(text: str, at: int) -> bool:
    """A full stop that closes an abbreviation ("Mrs.", "approx.", "Dir.") does not end the sentence."""
    if at == 0 or text[at - 1] != ".":
        return False
    word = re.search(r"([\w.]+)\.$", text[:at])
    return bool(word) and word.group(1).lower() in lexicon.cues("abbreviations")


def _clause(text: str, start: int, quoted: bool, line: int, kind: str) -> Clause:
    """A clause with its field label recognised, when it has one the lexicon knows, or its speaker."""
    slot, value_start = field_label(text, kind)
    if slot is None and (speaker := SPEAKER.match(text)):
        return Clause(text, start, None, 0, quoted, line, speaker.end())
    return Clause(text, start, slot, value_start, quoted, line)


def _join_answers(text: str, found: list[Clause]) -> list[Clause]:
    """A question followed by its answer becomes one clause spanning both (the text between stays verbatim)."""
    joined: list[Clause] = []
    for clause in found:
        previous = joined[-1] if joined else None
        # The answer sits on the next line, or after one blank line when another speaker answers (a transcript).
        gap = clause.line - previous.line if previous is not None else 99
        near = gap <= 1 or (gap == 2 and clause.speaker_end > 0)
        if (
            previous is not None
            and previous.text.rstrip().endswith("?")
            and near
            and (_ANSWER.match(clause.said) or _YES_NO.match(clause.said) or len(clause.said.split()) <= 12)
            and not clause.text.rstrip().endswith("?")
        ):
            answer_at = clause.start - previous.start + clause.speaker_end
            answer_at += len(clause.said) - len(_ANSWER.sub("", clause.said, count=1))
            joined[-1] = Clause(
                text[previous.start : clause.end],
                previous.start,
                previous.label or clause.label,
                0,
                previous.quoted,
                previous.line,
                answer_start=answer_at,
                context=previous.context,
            )
            continue
        joined.append(clause)
    return joined
