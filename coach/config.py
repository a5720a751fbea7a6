"""Settings from the environment, read once per call site; nothing here imports a heavy library."""

from __future__ import annotations

import math
import os
from dataclasses import dataclass, field
from pathlib import Path

from coach.errors import CoachError

PROJECT_ROOT = Path(__file__).resolve().parent.parent
KNOWLEDGE_DIR = PROJECT_ROOT / "knowledge"


def _int(name: str, default: int) -> int:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    if not raw.isdigit():
        raise CoachError(f"{name} must be a whole number, not {raw!r}.")
    return int(raw)


def _float(name: str, default: float) -> float:
    raw = os.environ.get(name, "").strip()
    if not raw:
        return default
    try:
        value = float(raw)
    except ValueError:
        raise CoachError(f"{name} must be a number of seconds, not {raw!r}.") from None
    if not math.isfinite(value) or value <= 0:
        raise CoachError(f"{name} must be a positive number of seconds, not {raw!r}.")
    return value


def _rates(raw: str) -> tuple[tuple[str, float], ...]:
    """COACH_FX_RATES: "EUR=1.10,GBP=1.30" (US dollars per unit), each a known code and a positive number."""
    rates = []
    for pair in (p.strip() for p in raw.split(",") if p.strip()):
        code, sep, value = pair.partition("=")
        try:
            rate = float(value)
        except ValueError:
            rate = float("nan")
        if (
            not sep
            or code.strip().upper() not in {"USD", "EUR", "GBP", "CAD", "AUD"}
            or not (rate > 0 and math.isfinite(rate))
        ):
            raise CoachError(
                f"COACH_FX_RATES takes CODE=rate pairs such as EUR=1.10 (USD, EUR, GBP, CAD, AUD), not {pair!r}."
            )
        rates.append((code.strip().upper(), rate))
    return tuple(rates)


@dataclass(frozen=True)
class Settings:
    """Everything the coach can be configured with. Every field has an environment variable."""

    model: str | None = None  # COACH_MODEL: any litellm model string; None means the offline extractor
    replay: Path | None = None  # COACH_REPLAY: a cassette folder; the LLM path replays from it, no network
    record: bool = False  # COACH_RECORD=1: call the real model and write cassettes into COACH_REPLAY
    max_retries: int = 2  # COACH_MAX_RETRIES: instructor re-asks after a validation error
    timeout: float = 30.0  # COACH_TIMEOUT: seconds for one model call
    api_base: str | None = None  # COACH_API_BASE: e.g. http://127.0.0.1:11434 for ollama
    data_dir: Path = field(default_factory=lambda: Path.home() / ".partner-icp-coach")  # COACH_DATA_DIR
    database_url: str | None = None  # DATABASE_URL: SQLAlchemy URL; default SQLite in data_dir
    chroma_url: str | None = None  # COACH_CHROMA_URL: a Chroma server for a team deployment
    knowledge_dirs: tuple[Path, ...] = ()  # COACH_KNOWLEDGE_DIRS: extra playbook folders, os.pathsep-separated
    fx_rates: tuple[tuple[str, float], ...] = ()  # COACH_FX_RATES: "EUR=1.10,GBP=1.30", US dollars per unit
    user: str | None = None  # COACH_USER: who decides or overrides from the CLI, kept in the log (unverified)

    @classmethod
    def from_env(cls) -> Settings:
        """Read the settings from environment variables."""
        env = os.environ
        data_dir = env.get("COACH_DATA_DIR")
        replay = env.get("COACH_REPLAY")
        extra = [Path(p) for p in env.get("COACH_KNOWLEDGE_DIRS", "").split(os.pathsep) if p.strip()]
        return cls(
            model=env.get("COACH_MODEL") or None,
            replay=Path(replay) if replay else None,
            record=env.get("COACH_RECORD", "") in {"1", "true", "yes"},
            max_retries=_int("COACH_MAX_RETRIES", 2),
            timeout=_float("COACH_TIMEOUT", 30.0),
            api_base=env.get("COACH_API_BASE") or None,
            data_dir=Path(data_dir) if data_dir else Path.home() / ".partner-icp-coach",
            database_url=env.get("DATABASE_URL") or None,
            chroma_url=env.get("COACH_CHROMA_URL") or None,
            knowledge_dirs=tuple(extra),
            fx_rates=_rates(env.get("COACH_FX_RATES", "")),
            user=env.get("COACH_USER", "").strip() or None,
        )

    @property
    def uses_model(self) -> bool:
        """True when extraction goes through the LLM path (live or replayed)."""
        return self.model is not None
