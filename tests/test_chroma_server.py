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
    from coach.retrieval import Index

    settings = Settings(data_dir=tmp_path, chroma_url=chroma_url)
    first = Index.open(settings)
    assert first.rebuilt and first.collection.count() == len(first.chunks) > 0
    again = Index.open(settings)
    assert not again.rebuilt and again.collection.count() == len(first.chunks)
    assert not (tmp_path / "index").exists(), "nothing is written locally when a server holds the index"


def test_a_playbook_folder_added_later_rebuilds_the_servers_index(chroma_url: str, tmp_path: Path) -> None:
    from coach.retrieval import Index

    playbooks = tmp_path / "playbooks"
    playbooks.mkdir()
    (playbooks / "our-rules.md").write_text(
        "# Our partner rules\n\n## Renewals\n\nPartners never join renewals under EUR 20k in our DACH team.\n",
        encoding="utf-8",
    )
    settings = Settings(data_dir=tmp_path, chroma_url=chroma_url)
    base = Index.open(settings)
    extended = Index.open(replace(settings, knowledge_dirs=(playbooks,)))
    assert extended.rebuilt and extended.collection.count() == len(base.chunks) + 1
    [top] = extended.search("do partners join small renewals in DACH", k=1)
    assert top.doc == "our-rules.md"


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
    from coach.retrieval import Index

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
