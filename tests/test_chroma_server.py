"""The knowledge index on a real Chroma server (`chroma run`), as a team deployment runs it.

The server is the one the chromadb package ships. In CI (`CI` set) these tests run and fail if it cannot start;
elsewhere they skip only when the `chroma` command is missing.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.request
from collections.abc import Iterator
from dataclasses import replace
from pathlib import Path

import pytest

from coach.config import Settings


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@pytest.fixture(scope="module")
def chroma_url(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    command = Path(sys.executable).parent / "chroma"
    if not command.exists():
        if os.environ.get("CI"):
            pytest.fail(f"no chroma command at {command}, and CI must run the Chroma server tests")
        pytest.skip("the chroma command is not installed")
    port = _free_port()
    folder = tmp_path_factory.mktemp("chroma-server")
    server = subprocess.Popen(
        [str(command), "run", "--host", "127.0.0.1", "--port", str(port), "--path", str(folder)],
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    url = f"http://127.0.0.1:{port}"
    try:
        deadline = time.monotonic() + 60
        while True:
            try:
                with urllib.request.urlopen(f"{url}/api/v2/heartbeat", timeout=2):
                    break
            except OSError:
                if server.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"chroma run did not come up on {url}")
                time.sleep(0.3)
        yield url
    finally:
        server.terminate()
        server.wait(timeout=30)


def test_the_index_is_built_on_the_server_and_reopened_without_a_rebuild(chroma_url: str, tmp_path: Path) -> None:
    from coach.knowledge.index import Index

    settings = Settings(data_dir=tmp_path, chroma_url=chroma_url)
    first = Index.open(settings)
    assert first.rebuilt and first.store.collection().count() == len(first.chunks) > 0
    again = Index.open(settings)
    assert not again.rebuilt and again.store.collection().count() == len(first.chunks)
    assert not (tmp_path / "index").exists(), "nothing is written locally when a server holds the index"


def test_a_playbook_folder_added_later_rebuilds_the_servers_index(chroma_url: str, tmp_path: Path) -> None:
    from coach.knowledge.index import Index

    playbooks = tmp_path / "playbooks"
    playbooks.mkdir()
    (playbooks / "our-rules.md").write_text(
        "# Our partner rules\n\n## Renewals\n\nPartners never join renewals under EUR 20k in our DACH team.\n",
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path, chroma_url=chroma_url)
    base = Index.open(settings)
    extended = Index.open(replace(settings, knowledge_dirs=(playbooks,)))
    assert extended.rebuilt and extended.store.collection().count() == len(base.chunks) + 1
    # The framework's exclusion rules answer small renewals too; the team's DACH rule is among the passages.
    assert "our-rules.md" in [p.doc for p in extended.search("do partners join small renewals in DACH", k=3)]


def test_coach_ask_answers_from_the_server(chroma_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "COACH_CHROMA_URL": chroma_url, "COACH_DATA_DIR": str(tmp_path)}
    env.pop("COACH_MODEL", None)
    done = subprocess.run(
        [str(Path(sys.executable).parent / "coach"), "ask", "What is a buying trigger?"],
        capture_output=True, text=True, timeout=120, env=env,
    )  # fmt: skip
    assert done.returncode == 0, done.stderr
    assert "trigger" in done.stdout.lower() and "icp-buyer-truth.md" in done.stdout


def test_a_playbook_added_on_one_machine_is_searchable_from_another(chroma_url: str, tmp_path: Path) -> None:
    from coach.knowledge.index import Index

    playbooks = tmp_path / "alex-laptop" / "playbooks"
    playbooks.mkdir(parents=True)
    (playbooks / "emea-renewals.md").write_text(
        "# EMEA renewals\n\n## Partners on renewals\n\nIn EMEA, resellers never join renewals under EUR 15k.\n",
        encoding="utf-8",
    )
    alex = Settings(data_dir=tmp_path / "alex-laptop", chroma_url=chroma_url, knowledge_dirs=(playbooks,))
    Index.open(alex)
    teammate = Index.open(Settings(data_dir=tmp_path / "sam-laptop", chroma_url=chroma_url))  # no playbooks here
    assert "emea-renewals.md" in {c.doc for c in teammate.chunks}
    [top] = teammate.search("do resellers join EMEA renewals", k=1)
    assert top.doc == "emea-renewals.md"
    assert not Index.open(Settings(data_dir=tmp_path / "sam-laptop", chroma_url=chroma_url)).rebuilt


def test_a_playbook_uploaded_by_one_teammate_is_searched_by_another_open_index_at_once(
    chroma_url: str, tmp_path: Path
) -> None:
    from coach.knowledge.index import add_playbook, open_index, remove_playbook, stored_documents

    sam = Settings(data_dir=tmp_path / "sam-laptop", chroma_url=chroma_url)
    before = open_index(sam)  # Sam's app has its mirror open
    assert "apac-rules.md" not in {c.doc for c in before.chunks}
    raw = b"# APAC rules\n\n## Partners in Japan\n\nIn Japan every enterprise deal goes through a named SIer partner.\n"
    add_playbook(Settings(data_dir=tmp_path / "alex-laptop", chroma_url=chroma_url), "apac-rules.md", raw, "Alex")
    [top] = open_index(sam).search("who takes enterprise deals in Japan", k=1)  # no restart, no file on Sam's side
    assert top.doc == "apac-rules.md"
    listed = {d.doc: d for d in stored_documents(sam)}
    assert listed["apac-rules.md"].added_by == "Alex" and listed["icp-buyer-truth.md"].origin == "framework"
    assert remove_playbook(sam, "apac-rules.md") == 1
    assert "apac-rules.md" not in {c.doc for c in open_index(sam).chunks}


def test_coach_knowledge_add_list_remove_against_the_server(chroma_url: str, tmp_path: Path) -> None:
    env = {**os.environ, "COACH_CHROMA_URL": chroma_url, "COACH_DATA_DIR": str(tmp_path), "COACH_USER": "Robin"}
    coach = str(Path(sys.executable).parent / "coach")
    playbook = tmp_path / "mdf-policy.md"
    playbook.write_text("# MDF policy\n\n## Claims\n\nMDF claims need proof of performance within 30 days.\n")

    def run(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run([coach, "knowledge", *args], capture_output=True, text=True, timeout=120, env=env)

    added = run("add", str(playbook))
    assert added.returncode == 0 and added.stdout.startswith("Stored mdf-policy.md (1 section)"), added.stderr
    listing = run("list")
    assert "mdf-policy.md  [playbook] 1 section: MDF policy, added by Robin (unverified)" in listing.stdout
    asked = subprocess.run(
        [coach, "ask", "How long do we have to file an MDF claim?"], capture_output=True, text=True, timeout=120,
        env=env,
    )  # fmt: skip
    assert "mdf-policy.md#claims" in asked.stdout  # the playbook names the topic, so the gate lets it through
    assert run("remove", "mdf-policy.md").returncode == 0
    gone = run("remove", "mdf-policy.md")
    assert gone.returncode == 2 and gone.stderr.startswith("coach: error: No playbook called mdf-policy.md")


def test_the_knowledge_page_of_two_teammates_shares_the_servers_playbooks(
    chroma_url: str, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from streamlit.testing.v1 import AppTest

    from coach.knowledge.index import add_playbook

    app = str(Path(__file__).resolve().parent.parent / "app.py")
    monkeypatch.setenv("COACH_CHROMA_URL", chroma_url)
    raw = b"# Alliance rules\n\n## Marketplace deals\n\nMarketplace deals in LATAM always go through Andino Cloud.\n"
    add_playbook(Settings(data_dir=tmp_path / "alex", chroma_url=chroma_url), "alliance-rules.md", raw, "Alex")
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path / "sam"))  # Sam's app, on another machine
    at = AppTest.from_file(app, default_timeout=120).run()
    at.switch_page("pages/knowledge.py").run()
    assert not at.exception, at.exception
    assert any("alliance\\-rules\\.md" in m.value and "Alex" in m.value for m in at.main.markdown)
    at.text_input(key="knowledge_question").set_value("Who takes marketplace deals in LATAM?")
    at.button[0].click().run()
    assert not at.exception, at.exception
    assert any("Andino Cloud" in m.value for m in at.main.markdown)
    assert not (tmp_path / "sam" / "index").exists(), "Sam's machine keeps no local index"
