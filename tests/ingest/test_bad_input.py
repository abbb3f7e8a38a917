"""Issue 2: each bad input gets one clear line on stderr naming it; the rest of the batch goes on."""

from __future__ import annotations

import gzip
import json
from pathlib import Path

import pytest

from tests.conftest import run_cli

GOOD = "Rebels attack army post\n\nJuly 5, 2019\n\nRebels attacked an army post near Goma on Thursday.\n"


def _bad_inputs(tmp: Path) -> dict[str, tuple[Path, str]]:
    """name -> (file, words the error line must contain)."""
    files: dict[str, tuple[Path, str]] = {}
    (tmp / "empty.txt").write_bytes(b"")
    files["empty"] = (tmp / "empty.txt", "empty")
    (tmp / "binary.txt").write_bytes(bytes(range(256)) * 40)
    files["binary"] = (tmp / "binary.txt", "binary")
    big = tmp / "huge.txt"
    with big.open("wb") as handle:
        handle.truncate(50 * 1024 * 1024)  # a sparse 50 MB file
    files["huge"] = (big, "MB")
    (tmp / "latin1.txt").write_bytes("Title\n\nLe ministre a dit: « café », déjà.\n".encode("latin-1"))
    files["invalid-utf8"] = (tmp / "latin1.txt", "UTF-8")
    (tmp / "nobody.html").write_text("<html><head><title>x</title></head></html>", encoding="utf-8")
    files["html-no-body"] = (tmp / "nobody.html", "no main text")
    (tmp / "data.xlsx").write_bytes(b"PK\x03\x04 not a supported input")
    files["unknown-extension"] = (tmp / "data.xlsx", "unknown file type")
    return files


@pytest.mark.issue(2)
def test_ingest_each_bad_input_is_named_and_the_batch_goes_on(tmp_path: Path) -> None:
    good = tmp_path / "good.txt"
    good.write_text(GOOD, encoding="utf-8")
    bad = _bad_inputs(tmp_path)
    result = run_cli("extract", *[str(p) for p, _ in bad.values()], str(good))
    assert result.returncode == 1
    printed = [json.loads(line) for line in result.stdout.splitlines()]
    assert [a["title"] for a in printed] == ["Rebels attack army post"]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == len(bad)
    for (path, words), line in zip(bad.values(), errors, strict=True):
        assert str(path) in line and words in line, line
        assert line.startswith("eventwire: error: EW2")


@pytest.mark.issue(2)
def test_ingest_jsonl_line_that_is_not_json_names_file_and_line(tmp_path: Path) -> None:
    path = tmp_path / "batch.jsonl"
    lines = [json.dumps({"id": "one", "text": "Police arrested 15 protesters in Cairo."}), "{not json", "",
             json.dumps({"id": "two", "text": "Troops shelled the town."}), json.dumps(["a", "list"])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = run_cli("extract", str(path))
    assert result.returncode == 1
    assert [json.loads(x)["id"] for x in result.stdout.splitlines()] == ["one", "two"]
    errors = result.stderr.strip().splitlines()
    assert len(errors) == 2
    assert f"{path}:2: not JSON" in errors[0]
    assert f"{path}:5: expected a JSON object" in errors[1]


@pytest.mark.issue(10)
@pytest.mark.model
def test_ingest_non_english_article_is_extracted_with_its_language_and_refused_by_the_coder(tmp_path: Path) -> None:
    path = tmp_path / "de.txt"
    path.write_text("Regierung kündigt Reform an\n\n" + "Die Bundesregierung hat am Mittwoch in Berlin eine "
                    "umfassende Reform des Gesundheitswesens angekündigt, die nach Angaben des Ministeriums im "
                    "kommenden Jahr in Kraft treten soll und für Millionen Versicherte gilt. " * 2, encoding="utf-8")
    extracted = run_cli("extract", str(path))
    assert extracted.returncode == 0, extracted.stderr
    assert json.loads(extracted.stdout)["language"] == "de"
    coded = run_cli("code", str(path))
    assert coded.returncode == 1 and coded.stdout == ""
    assert coded.stderr.startswith("eventwire: error: EW203 ") and "'de'" in coded.stderr and str(path) in coded.stderr


def test_ingest_gzipped_html_is_read(tmp_path: Path) -> None:
    body = " ".join(["Protesters rallied outside parliament in Nairobi on Tuesday against the new tax law."] * 6)
    path = tmp_path / "page.html.gz"
    path.write_bytes(gzip.compress(f"<html><body><article><p>{body}</p></article></body></html>".encode()))
    result = run_cli("extract", str(path))
    assert result.returncode == 0, result.stderr
    assert "Nairobi" in json.loads(result.stdout)["text"]


def test_ingest_missing_path_is_an_error_not_a_crash(tmp_path: Path) -> None:
    result = run_cli("extract", str(tmp_path / "nope.txt"))
    assert result.returncode == 1
    assert "no such file" in result.stderr
