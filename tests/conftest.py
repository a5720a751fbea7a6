"""Shared test setup: no test may reach the network, and every test gets its own data directory."""

from __future__ import annotations

from collections.abc import Iterator

import pytest

from evals.netguard import no_network


@pytest.fixture(autouse=True)
def _no_network() -> Iterator[None]:
    with no_network("A test"):
        yield


@pytest.fixture(autouse=True)
def _isolated_workspace(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("COACH_DATA_DIR", str(tmp_path_factory.mktemp("coach-data")))
    monkeypatch.setenv("LITELLM_LOCAL_MODEL_COST_MAP", "True")
    for name in ("COACH_MODEL", "COACH_REPLAY", "COACH_RECORD", "DATABASE_URL", "COACH_CHROMA_URL"):
        monkeypatch.delenv(name, raising=False)
