"""Issue 14: the README's Python example runs as written, on the store `make demo` writes."""

from __future__ import annotations

import doctest
import os
import re
from pathlib import Path

import pytest

from tests.conftest import run_cli

pytestmark = [pytest.mark.issue(14), pytest.mark.model]

ROOT = Path(__file__).resolve().parents[1]


def _python_example() -> str:
    readme = (ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("\n## Python\n", 1)[1]
    match = re.search(r"```python\n(.*?)```", section, re.S)
    assert match is not None, "README.md: the Python section has no ```python block"
    return match.group(1)


def test_readme_python_example_runs_as_written(tmp_path: Path) -> None:
    pytest.importorskip("pandas")
    result = run_cli("ingest", str(ROOT / "samples"), "--db", str(tmp_path / "eventwire.db"))
    assert result.returncode == 0, result.stderr
    example = _python_example()
    test = doctest.DocTestParser().get_doctest(example, {}, "README.md (Python)", "README.md", 0)
    assert len(test.examples) >= 5
    runner = doctest.DocTestRunner(optionflags=doctest.NORMALIZE_WHITESPACE | doctest.ELLIPSIS)
    cwd = Path.cwd()
    os.chdir(tmp_path)
    try:
        import pandas as pd

        with pd.option_context("display.width", 120):
            runner.run(test)
    finally:
        os.chdir(cwd)
    assert runner.failures == 0, "README.md's Python example gave other output (see the doctest report above)"
