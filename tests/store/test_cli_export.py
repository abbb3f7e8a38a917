"""Issue 14: the command line around exports: --version, filters on events and export, --out -, messages."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

import pytest
import typer.main

from eventwire.cli import app
from tests.conftest import run_cli

pytestmark = pytest.mark.issue(14)


def test_cli_version_prints_the_version() -> None:
    from eventwire import __version__

    result = run_cli("--version")
    assert (result.returncode, result.stdout.strip()) == (0, f"eventwire {__version__}")


def test_cli_export_out_dash_writes_to_standard_output_filtered(db: Path, tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "eventwire"
    result = subprocess.run([str(exe), "export", "--db", str(db), "--format", "csv", "--out", "-", "--country",
                             "LBY"], capture_output=True, text=True, cwd=tmp_path, timeout=120, check=False)
    assert result.returncode == 0, result.stderr
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    assert [row["event_id"] for row in rows] == ["a1-e1"]
    assert "wrote 1 events to standard output" in result.stderr
    assert not (tmp_path / "-").exists()


def test_cli_events_filters_and_says_when_nothing_matches(db: Path) -> None:
    result = run_cli("events", "--db", str(db), "--actor", "TUR", "--plover", "request")
    assert result.returncode == 0 and "1 events matching the filters" in result.stdout
    assert "RUSGOV" in result.stdout and "LBYREF" not in result.stdout
    nothing = run_cli("events", "--db", str(db), "--since", "2020")
    assert "no events match the filters" in nothing.stdout
    bad = run_cli("events", "--db", str(db), "--since", "2019-13")
    assert bad.returncode == 2
    assert "--since '2019-13': not a real date; use YYYY, YYYY-MM or YYYY-MM-DD" in bad.stderr


@pytest.mark.parametrize(("command", "message"), [
    (["code", "-", "--format", "xml"], "unknown format 'xml'; use one of jsonl, csv, plover, gdelt"),
    (["code", "-", "--format", "parquet"], "Parquet is a binary file format and cannot stream"),
    (["export", "--format", "xml", "--out", "x"], "unknown format 'xml'; use one of jsonl, csv, parquet, plover, "
                                                  "gdelt"),
])
def test_cli_format_messages_say_what_is_wrong(command: list[str], message: str, db: Path) -> None:
    args = [*command, "--db", str(db)] if command[0] == "export" else command
    result = run_cli(*args, stdin=b"")
    assert result.returncode == 2 and message in result.stderr


def test_cli_code_and_ingest_take_the_same_coding_options() -> None:
    commands = {cmd.name: cmd for cmd in typer.main.get_command(app).commands.values()}  # type: ignore[attr-defined]

    def options(name: str) -> set[str]:
        return {opt for param in commands[name].params for opt in param.opts if opt.startswith("--")}

    coding = {"--published", "--model", "--actors", "--lexicon", "--month-first", "--keep-negated",
              "--article-timeout", "--min-confidence"}
    assert coding <= options("code") and coding <= options("ingest")
    filters = {"--since", "--until", "--country", "--actor", "--cameo", "--plover", "--min-confidence"}
    assert filters <= options("events") and filters <= options("export")
