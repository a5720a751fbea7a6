"""Load, clean and chunk the framework documents and a person's own playbooks.

The framework lives in knowledge/*.md (front matter plus one heading per section). A person may add
folders of their own playbooks in .md, .txt or .pdf; those are often pasted from web pages, so they are
cleaned of site chrome and mojibake before being split into sections. Every chunk is one section (or one
part of a long section), prefixed with its document title and heading path, with a stable id
`<doc>#<slug>` that citations and rule sources use.
"""

from __future__ import annotations

import re
import tomllib
from collections import Counter
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field

from coach.config import KNOWLEDGE_DIR
from coach.errors import InputError

PLAYBOOK_SUFFIXES = (".md", ".txt", ".pdf")
_MAX_SECTION_CHARS = 1800  # longer sections are split so one chunk stays one idea
_PART_CHARS = 1200


class Section(BaseModel):
    """One headed section of a document."""

    model_config = ConfigDict(extra="forbid")

    heading: str = Field(description="The heading as written.")
    slug: str = Field(description="The heading's anchor: lower-case, non-alphanumeric runs replaced by '-'.")
    path: tuple[str, ...] = Field(description="Headings from the top level down to this one.")
    text: str = Field(description="The section body, without its heading.")
    asked: list[str] = Field(
        default_factory=list,
        description="How people ask for this section (knowledge/asked/): indexed for ranking, never shown or quoted.",
    )


class Document(BaseModel):
    """A framework document or a person's playbook, split into sections."""

    model_config = ConfigDict(extra="forbid")

    doc: str = Field(description="File name, used in citations and rule sources, e.g. 'icp-buyer-truth.md'.")
    title: str = Field(description="Human title from the front matter, the first heading or the file name.")
    source: str = Field(default="", description="Where the content comes from.")
    topics: list[str] = Field(default_factory=list, description="Topics from the front matter.")
    origin: Literal["framework", "playbook"] = Field(description="The shipped framework or a person's folder.")
    sections: list[Section] = Field(description="Sections in reading order.")

    def section(self, slug: str) -> Section | None:
        """Return the section with this slug, or None."""
        return next((s for s in self.sections if s.slug == slug), None)


class Chunk(BaseModel):
    """One retrievable unit: a section (or part of one) with its context prefix and stable id."""

    model_config = ConfigDict(extra="forbid")

    chunk_id: str = Field(description="Stable id: '<doc>#<slug>', with '~<n>' for later parts of a long section.")
    doc: str = Field(description="File name of the document.")
    title: str = Field(description="Document title.")
    section: str = Field(description="Section slug.")
    heading: str = Field(description="Section heading.")
    body: str = Field(description="The section text a person reads and a citation quotes.")
    text: str = Field(description="What is indexed: '<title> > <heading path>' then the body.")
    asked: list[str] = Field(default_factory=list, description="The section's expansions, ranked but never shown.")


def slugify(heading: str) -> str:
    """Turn a heading into its anchor slug, as the rule catalog cites it."""
    return re.sub(r"[^a-z0-9]+", "-", heading.lower()).strip("-")


# --- cleaning -------------------------------------------------------------------------------------

_CP874_RUN = re.compile(
    r"[\u0e01-\u0e5b\u20ac\u2026\u2018-\u201d\u2022\u2013\u2014\u0080-\u00ff\u0152-\u0178\u2122]{2,}"
)


def _mojibake_table() -> dict[str, int]:
    """Map each character that Thai (cp874) or Western (cp1252) decoding produces back to its byte."""
    import ftfy.bad_codecs  # noqa: F401  (registers the sloppy codecs)

    table: dict[str, int] = {}
    for byte in range(0x80, 0x100):
        for codec in ("sloppy-cp874", "sloppy-windows-1252"):
            char = bytes([byte]).decode(codec)
            table.setdefault(char, byte)
    return table


def _repair_run(match: re.Match[str], table: dict[str, int]) -> str:
    run = match.group(0)
    try:
        raw = bytes(table[c] for c in run)
        return raw.decode("utf-8")
    except (KeyError, UnicodeDecodeError):
        return run  # not mojibake after all (real Thai or real punctuation): leave it


def repair_mojibake(text: str) -> str:
    """Undo UTF-8 text that was decoded as a legacy code page (ftfy, plus the Thai cp874 case it skips)."""
    import ftfy

    if any("\u0e01" <= c <= "\u0e5b" for c in text):
        # ftfy does not try cp874; web pages mis-decoded as Thai show up as runs like 'โ€™' for '’'.
        table = _mojibake_table()
        text = _CP874_RUN.sub(lambda m: _repair_run(m, table), text)
    return ftfy.fix_text(text, uncurl_quotes=False)


_DROP_LINE = re.compile(
    r"^(skip to (main )?content|sign ?in|sign ?up|log ?in|log ?out|register|share( this)?|comments?|reply|"
    r"no comments yet.*|be the first to .*|sign in to .*|how useful was this (article|post|page)\??|"
    r"join the community|keep the conversation going.*|discuss this .* with .*|.*free to join.*|"
    r"back to (all )?(blogs?|posts|articles)|read (the )?(article|more)|\d+ min read.*|author: .*|"
    r"subscribe.*|follow us.*|social media|quick links|legal|.*all rights reserved.*|privacy policy|"
    r"terms of (service|use)|cookie.*|the content is free.*|join \d+\+? .*|\[contact-form.*\])$",
    re.IGNORECASE,
)
# Where the article ends and the site's trailer (related posts, comments, footer, bios) begins.
_TRAILER = re.compile(
    r"^(latest insights|related (posts|articles|reading)|you may also like|more from .*|join the community|"
    r"how useful was this (article|post|page)\??|sign in to join the conversation|about the author|"
    r".*all rights reserved.*)$",
    re.IGNORECASE,
)
_CALL_TO_ACTION = re.compile(r"^((schedule|book|request) (a|an|your) .*(call|demo|consultation))$", re.IGNORECASE)
_BIO_CUES = re.compile(
    r"years of (software |industry )?experience|in (his|her|their) free time|when (he|she|they) (is|are) not "
    r"working|enjoys? spending time|co-?founder|previously held|favorite (song|movie|meme)|childhood",
    re.IGNORECASE,
)
_BULLET = re.compile(r"^\s*([-*•·‣◦]|\d+[.)])\s+")


def _is_menu_item(line: str) -> bool:
    stripped = _BULLET.sub("", line).strip()
    return bool(_BULLET.match(line)) and 0 < len(stripped.split()) <= 6 and not stripped.endswith((".", ":"))


def _drop_menus(lines: list[str]) -> list[str]:
    """Drop navigation menus: long runs of short bullet items, or runs that repeat on the page."""
    runs: list[tuple[int, int]] = []
    i = 0
    while i < len(lines):
        if _is_menu_item(lines[i]):
            j = i
            while j < len(lines) and _is_menu_item(lines[j]):
                j += 1
            runs.append((i, j))
            i = j
        else:
            i += 1
    seen = Counter(tuple(s.strip() for s in lines[a:b]) for a, b in runs)
    keep = [True] * len(lines)
    for a, b in runs:
        if b - a >= 10 or (b - a >= 3 and seen[tuple(s.strip() for s in lines[a:b])] > 1):
            keep[a:b] = [False] * (b - a)
    return [line for line, k in zip(lines, keep, strict=True) if k]


def clean_text(text: str) -> str:
    """Remove web page chrome (menus, sign-in and community blurbs, footers, bios) and repair mojibake."""
    text = repair_mojibake(text.replace("\r\n", "\n"))
    lines = _drop_menus(text.split("\n"))
    repeated = Counter(line.strip() for line in lines if line.strip())
    body_chars = sum(len(line) for line in lines)
    kept: list[str] = []
    seen_chars = 0
    for line in lines:
        stripped = _BULLET.sub("", line).strip()
        seen_chars += len(line)
        late = seen_chars > 0.3 * body_chars  # a trailer marker near the top is a menu, not the end
        if late and (_TRAILER.match(stripped) or _CALL_TO_ACTION.match(stripped)):
            if _CALL_TO_ACTION.match(stripped):
                _drop_teaser(kept)
            break
        if _DROP_LINE.match(stripped) or (repeated[line.strip()] >= 3 and len(stripped) < 60):
            continue
        kept.append(line.rstrip())
    paragraphs = re.split(r"\n\s*\n", "\n".join(kept))
    paragraphs = [p for p in paragraphs if len(_BIO_CUES.findall(p)) < 2]
    return re.sub(r"\n{3,}", "\n\n", "\n\n".join(p.strip("\n") for p in paragraphs)).strip()


def _drop_teaser(kept: list[str]) -> None:
    """Remove the short teaser block ('Uncover your potential...') that sits above a call to action."""
    dropped = 0
    while kept and dropped < 2:
        while kept and not kept[-1].strip():
            kept.pop()
        if kept and len(kept[-1]) < 160 and (len(kept) < 2 or not kept[-2].strip()):
            kept.pop()
            dropped += 1
        else:
            return


# --- parsing --------------------------------------------------------------------------------------

_FRONT_MATTER = re.compile(r"\A---\n(.*?)\n---\n", re.DOTALL)
_MD_HEADING = re.compile(r"^(#{1,6})\s+(.+?)\s*#*\s*$")


def _front_matter(text: str) -> tuple[dict[str, str | list[str]], str]:
    match = _FRONT_MATTER.match(text)
    if not match:
        return {}, text
    meta: dict[str, str | list[str]] = {}
    for line in match.group(1).splitlines():
        key, sep, value = line.partition(":")
        if not sep:
            continue
        value = value.strip()
        if value.startswith("[") and value.endswith("]"):
            meta[key.strip()] = [v.strip().strip("\"'") for v in value[1:-1].split(",") if v.strip()]
        else:
            meta[key.strip()] = value.strip("\"'")
    return meta, text[match.end() :]


def _looks_like_heading(line: str, next_line: str) -> bool:
    """Guess whether a line of plain text (txt or pdf) is a heading."""
    s = line.strip()
    if not (3 <= len(s) <= 80) or _BULLET.match(line) or "|" in s or s.endswith((".", ",", ";", ":", "?", "!", '"')):
        return False
    return s[0].isupper() and len(s.split()) <= 10 and len(next_line.strip()) > 0


def _sections(body: str, markdown: bool, title: str) -> tuple[str, list[Section]]:
    """Split a body into sections; return the title found (first H1) and the sections."""
    sections: list[Section] = []
    stack: list[tuple[int, str]] = []
    current: tuple[str, tuple[str, ...]] = ("Overview", ())
    buffer: list[str] = []
    used: Counter[str] = Counter()

    def flush() -> None:
        text = "\n".join(buffer).strip()
        buffer.clear()
        if text:
            heading, path = current
            slug = slugify(heading) or "section"
            used[slug] += 1
            if used[slug] > 1:  # two sections with one heading still need distinct anchors
                slug = f"{slug}-{used[slug]}"
            sections.append(Section(heading=heading, slug=slug, path=path or (heading,), text=text))

    lines = body.split("\n")
    for i, line in enumerate(lines):
        md = _MD_HEADING.match(line) if markdown else None
        if md:
            level, heading = len(md.group(1)), md.group(2).strip()
        elif not markdown and _looks_like_heading(line, lines[i + 1] if i + 1 < len(lines) else ""):
            level, heading = 2, line.strip()
        else:
            buffer.append(line)
            continue
        if level == 1 and not sections and not "".join(buffer).strip() and markdown:
            title = heading
            continue
        flush()
        stack = [(lvl, h) for lvl, h in stack if lvl < level] + [(level, heading)]
        current = (heading, tuple(h for _, h in stack))
    flush()
    return title, sections


MAX_PLAYBOOK_BYTES = 5_000_000  # an uploaded playbook larger than this is refused, with its size named


def _read_text(name: str, raw: bytes) -> str:
    if Path(name).suffix.lower() == ".pdf":
        import io
        import logging

        from pypdf import PdfReader

        logging.getLogger("pypdf").setLevel(logging.ERROR)  # a broken file is said once, below, not as pypdf warnings
        try:
            return "\n\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(raw)).pages)
        except Exception as exc:  # pypdf raises many kinds on a broken or encrypted file
            raise InputError(f"Cannot read the playbook {name}: it is not a readable PDF.", path=name) from exc
    if b"\x00" in raw[:4096]:
        raise InputError(f"Cannot read the playbook {name}: it is a binary file.", path=name)
    return raw.decode("utf-8", errors="replace")


def load_file(path: Path, origin: Literal["framework", "playbook"] = "playbook") -> Document:
    """Load one .md, .txt or .pdf file as a Document (playbooks are cleaned of web chrome first)."""
    try:
        raw = path.read_bytes()
    except OSError as exc:
        raise InputError(f"Cannot read {path}: {exc.strerror or exc}.", path=str(path)) from exc
    return load_bytes(path.name, raw, origin)


def load_bytes(name: str, raw: bytes, origin: Literal["framework", "playbook"] = "playbook") -> Document:
    """A document from a file's name and bytes (an upload): .md, .txt or .pdf."""
    if Path(name).suffix.lower() not in PLAYBOOK_SUFFIXES:
        raise InputError(f"{name} is not a playbook: use a .md, .txt or .pdf file.", path=name)
    if len(raw) > MAX_PLAYBOOK_BYTES:
        size, limit = len(raw) / 1e6, MAX_PLAYBOOK_BYTES / 1e6
        raise InputError(f"{name} is {size:.1f} MB; a playbook may be at most {limit:.0f} MB.", path=name)
    text = _read_text(name, raw)
    meta, body = _front_matter(text.replace("\r\n", "\n"))
    if origin == "playbook":
        body = clean_text(body)
    markdown = Path(name).suffix.lower() == ".md"
    fallback = Path(name).stem.replace("-", " ").replace("_", " ").strip().capitalize()
    title, sections = _sections(body, markdown, str(meta.get("title") or fallback))
    topics = meta.get("topics", [])
    return Document(
        doc=Path(name).name,
        title=str(meta.get("title") or title),
        source=str(meta.get("source", "")),
        topics=list(topics) if isinstance(topics, list) else [topics],
        origin=origin,
        sections=sections,
    )


def load_asked(path: Path) -> dict[str, list[str]]:
    """The document expansions in one knowledge/asked/*.toml file, keyed as written: a section slug (in a file named
    after its document) or a full chunk id '<doc>#<slug>' (in a writer's file covering every document)."""
    try:
        with path.open("rb") as handle:
            table = tomllib.load(handle).get("asked", {})
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise InputError(f"Cannot read the expansions in {path.name}: {exc}", path=str(path)) from exc
    return {str(key): [str(line) for line in lines] for key, lines in table.items()}


def load_expansions(asked_dir: Path) -> dict[str, list[str]]:
    """Every writer's expansions in asked_dir, merged per section: '<doc>#<slug>' -> how people ask for it.

    A file named after a document (icp-alignment.toml) keys its sections by slug; any other file is one writer's
    list over all documents, keyed by section id. The files say who wrote them and from what."""
    merged: dict[str, list[str]] = {}
    for path in sorted(asked_dir.glob("*.toml")) if asked_dir.is_dir() else []:
        doc = f"{path.stem}.md"
        by_doc = (asked_dir.parent / doc).is_file()
        for key, lines in load_asked(path).items():
            section_id = key if "#" in key or not by_doc else f"{doc}#{key}"
            merged.setdefault(section_id, []).extend(lines)
    return merged


def _with_asked(document: Document, expansions: dict[str, list[str]]) -> Document:
    sections = [
        s.model_copy(update={"asked": expansions.get(f"{document.doc}#{s.slug}", [])}) for s in document.sections
    ]
    return document.model_copy(update={"sections": sections})


def load_documents(extra_dirs: Iterable[Path] = (), knowledge_dir: Path = KNOWLEDGE_DIR) -> list[Document]:
    """Load the framework documents (with their expansions) plus every .md, .txt and .pdf file in the extra folders."""
    expansions = load_expansions(knowledge_dir / "asked")
    documents = [_with_asked(load_file(p, "framework"), expansions) for p in sorted(knowledge_dir.glob("*.md"))]
    names = {d.doc for d in documents}
    for folder in extra_dirs:
        documents.extend(load_folder(Path(folder), names))
    return documents


def load_folder(folder: Path, taken: set[str]) -> list[Document]:
    """Every .md, .txt and .pdf playbook in a folder; a name already in `taken` gets its folder's name in front,
    so chunk ids stay unique. `taken` grows with the names used."""
    folder = Path(folder).expanduser()
    if not folder.is_dir():
        raise InputError(f"The knowledge folder {folder} does not exist.", path=str(folder))
    found = []
    for path in sorted(p for p in folder.rglob("*") if p.suffix.lower() in PLAYBOOK_SUFFIXES and p.is_file()):
        document = load_file(path)
        if not document.sections:
            continue
        if document.doc in taken:
            document = document.model_copy(update={"doc": f"{path.parent.name}/{path.name}"})
        taken.add(document.doc)
        found.append(document)
    return found


def _parts(text: str) -> list[str]:
    if len(text) <= _MAX_SECTION_CHARS:
        return [text]
    parts: list[str] = []
    current = ""
    for paragraph in re.split(r"\n\s*\n", text):
        if current and len(current) + len(paragraph) > _PART_CHARS:
            parts.append(current)
            current = ""
        current = f"{current}\n\n{paragraph}" if current else paragraph
    return [*parts, current] if current else parts


def chunk(documents: Iterable[Document]) -> list[Chunk]:
    """Split documents into section chunks with a context prefix and stable ids."""
    chunks: list[Chunk] = []
    for document in documents:
        for section in document.sections:
            prefix = " > ".join((document.title, *section.path))
            for n, body in enumerate(_parts(section.text), start=1):
                suffix = "" if n == 1 else f"~{n}"
                chunks.append(
                    Chunk(
                        chunk_id=f"{document.doc}#{section.slug}{suffix}",
                        doc=document.doc,
                        title=document.title,
                        section=section.slug,
                        heading=section.heading,
                        body=body,
                        text=f"{prefix}\n\n{body}",
                        asked=section.asked,
                    )
                )
    return chunks
