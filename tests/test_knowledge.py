"""The knowledge documents, their rule anchors, and loading, cleaning and chunking of playbooks."""

from __future__ import annotations

from pathlib import Path

import pytest

from coach.config import KNOWLEDGE_DIR
from coach.errors import InputError
from coach.knowledge.documents import (
    MAX_PLAYBOOK_BYTES,
    Document,
    chunk,
    clean_text,
    load_asked,
    load_bytes,
    load_documents,
    load_expansions,
    repair_mojibake,
    slugify,
)
from coach.rules.catalog import SOURCES

DOCUMENTS = {d.doc: d for d in load_documents()}

REQUIRED = {
    "partner-icp-leverage-zones.md": ["the-operating-icp", "where-partners-add-leverage", "exclusion-rules"],
    "icp-buyer-truth.md": [
        "operating-icp",
        "the-three-buyer-roles",
        "buying-trigger",
        "buyer-success-metrics",
        "trust-assessment-by-buyer-role",
        "the-four-trust-questions",
        "leverage-zones",
        "where-partners-create-noise",
        "exclusion-rules",
        "operator-sentence",
    ],
    "partner-icp-scoring.md": ["the-four-scoring-dimensions", "recruit-nurture-or-pass", "onboarding-capacity"],
    "operator-mindset.md": ["the-operator-confidence-check", "build-order"],
    "icp-alignment.md": [],
}


@pytest.mark.parametrize("rule", sorted(SOURCES), ids=sorted(SOURCES))
def test_every_rule_source_resolves_to_a_document_section(rule: str) -> None:
    doc, _, anchor = SOURCES[rule].partition("#")
    assert doc in DOCUMENTS, f"{rule} cites missing document {doc}"
    assert DOCUMENTS[doc].section(anchor) is not None, f"{rule} cites missing section {SOURCES[rule]}"


@pytest.mark.parametrize(
    ("doc", "slug"), [(d, s) for d, slugs in REQUIRED.items() for s in slugs], ids=lambda v: str(v)
)
def test_required_sections_exist(doc: str, slug: str) -> None:
    assert DOCUMENTS[doc].section(slug) is not None


@pytest.mark.parametrize("doc", sorted(REQUIRED), ids=sorted(REQUIRED))
def test_each_document_has_front_matter_and_sections(doc: str) -> None:
    document = DOCUMENTS[doc]
    assert document.origin == "framework"
    assert document.title and document.source and document.topics
    assert len(document.sections) >= 5
    assert (KNOWLEDGE_DIR / doc).read_text().startswith("---\ntitle: ")


@pytest.mark.parametrize(
    ("doc", "header"),
    [
        ("icp-buyer-truth.md", "| Role | Who they are | What they care about |"),
        ("icp-buyer-truth.md", "| Exclusion type | Examples |"),
        ("partner-icp-scoring.md", "| Dimension | What it measures | Weight |"),
        ("operator-mindset.md", "| Step | What to codify | What it contains |"),
    ],
    ids=["buyer-roles", "exclusions", "scoring", "build-order"],
)
def test_tables_stay_tables(doc: str, header: str) -> None:
    assert header in (KNOWLEDGE_DIR / doc).read_text()


@pytest.mark.parametrize(
    ("heading", "slug"),
    [
        ("The operating ICP", "the-operating-icp"),
        ("Recruit, nurture or pass", "recruit-nurture-or-pass"),
        ("  Where partners add leverage!  ", "where-partners-add-leverage"),
        ("Partner-buyer alignment & trust", "partner-buyer-alignment-trust"),
    ],
    ids=["plain", "commas", "punctuation-edges", "ampersand"],
)
def test_slugify(heading: str, slug: str) -> None:
    assert slugify(heading) == slug


@pytest.mark.parametrize(
    ("broken", "fixed"),
    [
        ("Itโ€™s All About", "It’s All About"),
        ("ยฉ 2025 Forecastable", "© 2025 Forecastable"),
        ("partnerโ€™s account base", "partner’s account base"),
        ("Itâ€™s a Latin-1 mix-up", "It’s a Latin-1 mix-up"),
        ("Plain text stays plain.", "Plain text stays plain."),
    ],
    ids=["thai-apostrophe", "thai-copyright", "thai-mid-word", "latin1-apostrophe", "clean"],
)
def test_repair_mojibake(broken: str, fixed: str) -> None:
    assert repair_mojibake(broken) == fixed


MENU = "\n".join(
    f"  • {item}"
    for item in ["Home", "Who We Serve", "SaaS", "Private Equity", "Solutions", "Pricing", "Education", "Login"]
)
WEB_PAGE = f"""Skip to content
Logo โ€” Itโ€™s All AboutThe Team
{MENU}
Logo โ€” Itโ€™s All AboutThe Team
{MENU}
Logo โ€” Itโ€™s All AboutThe Team
Back to all blogs

Partner Scoring Basics

Overlap is the strongest predictor of whether a partnerโ€™s pipeline turns into revenue for the vendor.

Pass thresholds

A scoring model that never says no is not a filter, and every program needs a written pass list.

Join the community
Keep the conversation going inside the Collective
Sign in to join the conversation
Sign In
ยฉ 2025 Example Co. All rights reserved.

Jane Doe
Jane has 20+ years of experience in partnerships. In her free time she enjoys spending time with her dogs.
"""


def test_clean_text_removes_site_chrome_and_repairs_mojibake() -> None:
    cleaned = clean_text(WEB_PAGE)
    assert "partner’s pipeline" in cleaned
    assert "every program needs a written pass list" in cleaned
    for chrome in ("Skip to content", "Login", "Who We Serve", "Logo", "Join the community", "Sign In", "Jane", "©"):
        assert chrome not in cleaned, chrome


def test_clean_text_keeps_short_content_lists() -> None:
    text = "Success metric\n\nThe buyer measures:\n\n• Speed\n• Risk reduction\n• Cost savings\n• Revenue impact\n"
    assert "• Revenue impact" in clean_text(text)


def _pdf(text: str) -> bytes:
    """A one-page PDF showing one line of text (Helvetica), with a correct cross-reference table."""
    stream = f"BT /F1 12 Tf 72 720 Td ({text}) Tj ET".encode()
    objects = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
        b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 612 792] /Contents 4 0 R "
        b"/Resources << /Font << /F1 5 0 R >> >> >>",
        b"<< /Length %d >>\nstream\n" % len(stream) + stream + b"\nendstream",
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica >>",
    ]
    out = bytearray(b"%PDF-1.4\n")
    offsets = []
    for number, body in enumerate(objects, start=1):
        offsets.append(len(out))
        out += b"%d 0 obj\n" % number + body + b"\nendobj\n"
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    out += b"trailer\n<< /Size %d /Root 1 0 R >>\nstartxref\n%d\n%%%%EOF\n" % (len(objects) + 1, xref)
    return bytes(out)


@pytest.fixture
def playbooks(tmp_path: Path) -> Path:
    (tmp_path / "deal-desk.md").write_text(
        "# Deal desk\n\n## Renewal rule\n\nRenewals under 20k never get a partner.\n"
    )
    (tmp_path / "field-notes.txt").write_text("Field Notes\n\nRegional rule\nEMEA deals always start with the SI.\n")
    (tmp_path / "scan.pdf").write_bytes(_pdf("Quarterly partner review happens in week two."))
    (tmp_path / "image.png").write_bytes(b"\x89PNG\r\n")
    return tmp_path


def test_load_documents_adds_playbooks_in_md_txt_and_pdf(playbooks: Path) -> None:
    documents = load_documents([playbooks])
    extra = {d.doc: d for d in documents if d.origin == "playbook"}
    assert sorted(extra) == ["deal-desk.md", "field-notes.txt", "scan.pdf"]
    assert extra["deal-desk.md"].section("renewal-rule").text == "Renewals under 20k never get a partner."
    assert extra["field-notes.txt"].section("regional-rule").text == "EMEA deals always start with the SI."
    assert "Quarterly partner review happens in week two." in extra["scan.pdf"].sections[0].text


@pytest.mark.parametrize(
    ("name", "content", "message"),
    [
        ("broken.pdf", b"%PDF-1.4 not really", "Cannot read the playbook broken.pdf: it is not a readable PDF."),
        ("blob.txt", b"\x00\x01\x02binary", "Cannot read the playbook blob.txt: it is a binary file."),
    ],
    ids=["bad-pdf", "binary-txt"],
)
def test_unreadable_playbooks_raise_input_error(tmp_path: Path, name: str, content: bytes, message: str) -> None:
    (tmp_path / name).write_bytes(content)
    with pytest.raises(InputError) as caught:
        load_documents([tmp_path])
    assert str(caught.value) == message


def test_missing_knowledge_folder_raises_input_error(tmp_path: Path) -> None:
    with pytest.raises(InputError) as caught:
        load_documents([tmp_path / "nope"])
    assert str(caught.value) == f"The knowledge folder {tmp_path / 'nope'} does not exist."


def test_chunks_have_stable_unique_ids_and_a_context_prefix() -> None:
    chunks = chunk(DOCUMENTS.values())
    ids = [c.chunk_id for c in chunks]
    assert len(ids) == len(set(ids))
    trigger = next(c for c in chunks if c.chunk_id == "icp-buyer-truth.md#buying-trigger")
    assert trigger.text.startswith("ICP and Buyer Truth > Buying trigger\n\n")
    assert trigger.text.endswith(trigger.body)
    assert [c.chunk_id for c in chunk(load_documents())] == ids


def test_long_sections_split_into_numbered_parts() -> None:
    paragraphs = "\n\n".join(f"Paragraph {i} " + "word " * 100 for i in range(8))
    document = Document.model_validate(
        {
            "doc": "long.md",
            "title": "Long",
            "origin": "playbook",
            "sections": [{"heading": "Big", "slug": "big", "path": ["Big"], "text": paragraphs}],
        }
    )
    ids = [c.chunk_id for c in chunk([document])]
    assert ids[0] == "long.md#big" and ids[1] == "long.md#big~2" and len(ids) >= 3


@pytest.mark.parametrize("doc", sorted(DOCUMENTS), ids=sorted(DOCUMENTS))
def test_every_framework_section_has_expansions_and_every_expansion_a_section(doc: str) -> None:
    asked = load_asked(KNOWLEDGE_DIR / "asked" / f"{Path(doc).stem}.toml")
    assert set(asked) == {s.slug for s in DOCUMENTS[doc].sections}
    assert all(len(lines) >= 8 for lines in asked.values())


def test_expansions_reach_chunks_but_never_their_text() -> None:
    chunks = chunk(DOCUMENTS.values())
    bare = [
        d.model_copy(update={"sections": [s.model_copy(update={"asked": []}) for s in d.sections]})
        for d in DOCUMENTS.values()
    ]
    assert all(c.asked for c in chunks)
    assert [(c.body, c.text) for c in chunks] == [(c.body, c.text) for c in chunk(bare)]


def test_broken_expansions_file_raises_input_error(tmp_path: Path) -> None:
    (tmp_path / "doc.toml").write_text('[asked]\n"overview" = ["unclosed\n')
    with pytest.raises(InputError) as caught:
        load_asked(tmp_path / "doc.toml")
    assert str(caught.value).startswith("Cannot read the expansions in doc.toml: ")


def test_a_document_without_expansions_loads_with_none(tmp_path: Path) -> None:
    (tmp_path / "plain.md").write_text("---\ntitle: Plain\n---\n\n## One\n\nSome text.\n")
    [document] = load_documents(knowledge_dir=tmp_path)
    assert document.sections[0].asked == []


PERSONA_WRITERS = ("new-partner-manager", "cro", "slack", "non-native")


@pytest.mark.parametrize("writer", PERSONA_WRITERS)
def test_each_persona_writer_covers_every_framework_section_and_says_who_wrote_it(writer: str) -> None:
    """Issue 13: expansions from four independent writers with different persona briefs, from the section texts."""
    path = KNOWLEDGE_DIR / "asked" / f"{writer}.toml"
    asked = load_asked(path)
    sections = {f"{doc}#{s.slug}" for doc, d in DOCUMENTS.items() for s in d.sections}
    assert set(asked) == sections
    assert all(len(lines) >= 5 for lines in asked.values())
    header = path.read_text(encoding="utf-8").splitlines()[0]
    assert header.startswith("#") and "written from the section texts alone" in header


def test_every_writers_expansions_are_merged_per_section() -> None:
    merged = load_expansions(KNOWLEDGE_DIR / "asked")
    per_doc = load_asked(KNOWLEDGE_DIR / "asked" / "icp-alignment.toml")["overview"]
    by_writer = [
        load_asked(KNOWLEDGE_DIR / "asked" / f"{w}.toml")["icp-alignment.md#overview"] for w in PERSONA_WRITERS
    ]
    assert sorted(merged["icp-alignment.md#overview"]) == sorted(
        per_doc + [line for lines in by_writer for line in lines]
    )


def test_an_upload_is_read_from_its_bytes_and_bad_uploads_are_refused() -> None:
    document = load_bytes("desk.md", b"# Desk\n\n## Renewals\n\nRenewals under 20k never get a partner.\n")
    assert document.doc == "desk.md" and document.origin == "playbook" and document.sections[0].slug == "renewals"
    for name, raw, said in [
        ("desk.docx", b"text", "desk.docx is not a playbook: use a .md, .txt or .pdf file."),
        ("big.txt", b"x" * (MAX_PLAYBOOK_BYTES + 1), "big.txt is 5.0 MB; a playbook may be at most 5 MB."),
        ("blob.txt", b"\x00\x01binary", "Cannot read the playbook blob.txt: it is a binary file."),
        ("fake.pdf", b"not a pdf at all", "Cannot read the playbook fake.pdf: it is not a readable PDF."),
    ]:
        with pytest.raises(InputError) as caught:
            load_bytes(name, raw)
        assert str(caught.value) == said
