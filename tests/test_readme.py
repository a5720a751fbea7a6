"""The README's command examples are what the commands print: each is run again here and compared."""

from __future__ import annotations

import re
import shlex
from pathlib import Path

import pytest

from coach.cli import main

ROOT = Path(__file__).resolve().parent.parent
EXAMPLE = re.compile(r"```\n\$ coach (?P<args>[^\n]+)\n(?P<output>.*?)```", re.DOTALL)
EXAMPLES = [(m.group("args"), m.group("output")) for m in EXAMPLE.finditer((ROOT / "README.md").read_text())]


def test_the_readme_has_command_examples() -> None:
    assert len(EXAMPLES) >= 5


@pytest.mark.parametrize(
    ("args", "output"), EXAMPLES, ids=[a.split()[0] + f"-{i}" for i, (a, _) in enumerate(EXAMPLES)]
)
def test_a_readme_example_is_what_the_command_prints(
    args: str, output: str, capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch, tmp_path: Path
) -> None:
    # Run where the README's reader would: beside the samples, in a folder of its own (--facts-out writes there),
    # with an empty workspace (conftest), so "Saved as decision 1." holds. What is shown is stdout, then stderr.
    (tmp_path / "evals").symlink_to(ROOT / "evals")
    monkeypatch.chdir(tmp_path)
    main(shlex.split(args))
    printed, errors = capsys.readouterr()
    assert printed + errors == output
