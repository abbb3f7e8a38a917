"""Snapshot of the events eventwire codes on the LGL corpus, to prove a speed change altered nothing.

``tests/data/lgl_events_subset.jsonl`` holds the event records of a fixed subset of the corpus (40 articles
chosen for their dates, places and actors); ``tests/scale/test_lgl_snapshot.py`` codes the same articles
and compares the records byte for byte. When coding rules change on purpose, write it again::

    .venv/bin/python tools/lgl_snapshot.py --write            # the subset snapshot (about 15 s)
    .venv/bin/python tools/lgl_snapshot.py --check            # compare, print the first differences
    .venv/bin/python tools/lgl_snapshot.py --all --out /tmp/lgl_events.jsonl          # the whole corpus
    .venv/bin/python tools/lgl_snapshot.py --all --stages --out /tmp/lgl_stages.jsonl # every stage's output

``--stages`` writes, per article, what each stage produced (entities after the actor-name component, actor
mentions, date expressions, places, events): a coding-rule change alters only the events, so the other
stages compare across such a change.
"""

from __future__ import annotations

import argparse
import json
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
CORPUS = ROOT.parent / "shared" / "data" / "corpus" / "lgl_news.jsonl"
SNAPSHOT = ROOT / "tests" / "data" / "lgl_events_subset.jsonl"
SUBSET_SIZE = 40


def _dump(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False, sort_keys=True)


def _settings() -> Any:
    from eventwire.config import Settings

    # the LGL corpus is US local news: numeric dates month-first (as the README's `lgl.db` is ingested)
    return Settings(day_first=False, article_timeout=None)


def read_corpus(corpus: Path, ids: list[str] | None = None) -> list[Any]:
    """The corpus's articles (only ``ids``, in that order, when given)."""
    from eventwire.errors import InputError
    from eventwire.ingest import read_articles

    articles = [a for a in read_articles([str(corpus)], _settings()) if not isinstance(a, InputError)]
    if ids is None:
        return articles
    by_id = {a.id: a for a in articles}
    missing = [i for i in ids if i not in by_id]
    if missing:
        raise SystemExit(f"lgl_snapshot: {len(missing)} snapshot articles not in {corpus}: {missing[:5]}")
    return [by_id[i] for i in ids]


def coded(articles: list[Any]) -> Iterator[Any]:
    from eventwire.errors import EventwireError
    from eventwire.pipeline import make_pipeline

    for article, doc in zip(articles, make_pipeline(_settings()).pipe(articles, batch_size=16), strict=True):
        if isinstance(doc, EventwireError):
            raise SystemExit(f"lgl_snapshot: {article.id}: {doc}")
        yield doc


def event_lines(docs: Iterator[Any]) -> list[str]:
    """One line per event: the article id, then the record as ``eventwire code`` gives it (sorted keys)."""
    return [_dump(event.to_dict()) for doc in docs for event in doc.events]


def stage_lines(docs: Iterator[Any]) -> list[str]:
    lines = []
    for doc in docs:
        sd = doc.spacy_doc
        lines.append(_dump({
            "article_id": doc.id,
            "ents": [[e.start_char, e.end_char, e.label_] for e in sd.ents],
            "actor_mentions": [m.to_dict() for m in doc.actor_mentions],
            "timexes": [t.to_dict() for t in doc.timexes],
            "places": [p.to_dict() for p in doc.places],
            "events": [e.to_dict() for e in doc.events],
        }))
    return lines


def choose_subset(corpus: Path, size: int = SUBSET_SIZE) -> list[str]:
    """Short articles (under 2,500 characters) with events, dated expressions, places and actors: the most
    varied first, so the subset covers every stage in a few seconds of coding."""
    articles = [a for a in read_corpus(corpus) if len(a.text) < 2500]
    scored = []
    for doc in coded(articles):
        kinds = {m.kind for m in doc.actor_mentions}
        score = (min(len(doc.events), 4) + min(len(doc.timexes), 3) + min(len(doc.places), 3) + len(kinds)
                 + len({t.type for t in doc.timexes}))
        if doc.events and doc.timexes and doc.places and doc.actor_mentions:
            scored.append((-score, len(doc.text), doc.id))
    return [article_id for _, _, article_id in sorted(scored)[:size]]


def _snapshot_ids(path: Path) -> list[str]:
    header = json.loads(path.read_text(encoding="utf-8").splitlines()[0])
    return list(header["articles"])


def snapshot_text(corpus: Path, ids: list[str]) -> str:
    header = _dump({"articles": ids, "corpus": "lgl_news.jsonl",
                    "regenerate": "python tools/lgl_snapshot.py --write"})
    return "\n".join([header, *event_lines(coded(read_corpus(corpus, ids)))]) + "\n"


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    mode = parser.add_mutually_exclusive_group()
    mode.add_argument("--write", action="store_true", help="write the subset snapshot (tests/data)")
    mode.add_argument("--check", action="store_true", help="compare the subset snapshot (the default)")
    parser.add_argument("--all", action="store_true", help="the whole corpus, to --out")
    parser.add_argument("--stages", action="store_true", help="every stage's output, not just the events")
    parser.add_argument("--reselect", action="store_true", help="with --write: choose the subset again")
    parser.add_argument("--corpus", type=Path, default=CORPUS)
    parser.add_argument("--snapshot", type=Path, default=SNAPSHOT)
    parser.add_argument("--out", type=Path, default=None, help="with --all: write the lines here")
    args = parser.parse_args(argv)
    if not args.corpus.is_file():
        raise SystemExit(f"lgl_snapshot: {args.corpus}: no such corpus; pass --corpus")

    if args.all or args.stages:
        ids = None if args.all else _snapshot_ids(args.snapshot)
        docs = coded(read_corpus(args.corpus, ids))
        lines = stage_lines(docs) if args.stages else event_lines(docs)
        text = "\n".join(lines) + "\n"
        if args.out:
            args.out.write_text(text, encoding="utf-8")
            print(f"lgl_snapshot: {len(lines)} lines -> {args.out}", file=sys.stderr)
        else:
            sys.stdout.write(text)
        return 0
    if args.write:
        ids = choose_subset(args.corpus) if args.reselect or not args.snapshot.exists() else \
            _snapshot_ids(args.snapshot)
        args.snapshot.parent.mkdir(parents=True, exist_ok=True)
        text = snapshot_text(args.corpus, ids)
        args.snapshot.write_text(text, encoding="utf-8")
        print(f"lgl_snapshot: {len(ids)} articles, {text.count(chr(10)) - 1} events -> {args.snapshot}",
              file=sys.stderr)
        return 0
    expected = args.snapshot.read_text(encoding="utf-8")
    actual = snapshot_text(args.corpus, _snapshot_ids(args.snapshot))
    if actual == expected:
        print(f"lgl_snapshot: identical ({expected.count(chr(10)) - 1} events)", file=sys.stderr)
        return 0
    import difflib

    diff = list(difflib.unified_diff(expected.splitlines(), actual.splitlines(), "snapshot", "now", lineterm="",
                                     n=0))
    print("\n".join(diff[:40]), file=sys.stderr)
    print(f"lgl_snapshot: DIFFERENT ({sum(1 for d in diff if d[:1] in '+-') - 2} lines); if the change is meant, "
          "run: python tools/lgl_snapshot.py --write", file=sys.stderr)
    return 1


if __name__ == "__main__":
    sys.exit(main())
