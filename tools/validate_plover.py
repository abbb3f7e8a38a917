#!/usr/bin/env python3
"""Validate a store's PLOVER export against the JSON Schema written from the PLOVER manual.

    eventwire ingest ../shared/data/corpus/lgl_news.jsonl --db /tmp/lgl.db --month-first
    python tools/validate_plover.py /tmp/lgl.db [--level mention|group]

Prints one JSON object: events in the store, PLOVER records written, records failing the schema, and the most
common problems with an example record id each. Exit code 1 when any record fails. Needs jsonschema (a
development dependency).
"""

from __future__ import annotations

import argparse
import collections
import io
import json
import sys
from pathlib import Path

import jsonschema

from eventwire.store.export import EventWriter
from eventwire.store.export.data import plover_schema
from eventwire.store.sqlite import Store


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("db", type=Path)
    parser.add_argument("--level", choices=("mention", "group"), default="mention")
    args = parser.parse_args()
    validator = jsonschema.Draft202012Validator(plover_schema(), format_checker=jsonschema.FormatChecker())
    stream = io.StringIO()
    with Store(args.db, readonly=True) as store, EventWriter(stream, "plover", level=args.level) as writer:
        events = store.counts()["events"]
        if args.level == "group":
            for group, event, article in store.groups():
                writer.write_group(group, event, article)
        else:
            for event, article in store.events_with_articles():
                writer.write(event, article)
    problems: collections.Counter[str] = collections.Counter()
    examples: dict[str, str] = {}
    failed = 0
    records = stream.getvalue().splitlines()
    for line in records:
        record = json.loads(line)
        errors = [f"{'/'.join(str(p) for p in e.absolute_path)}: {e.message}" for e in validator.iter_errors(record)]
        failed += bool(errors)
        for error in errors:
            problems[error] += 1
            examples.setdefault(error, record["id"])
    print(json.dumps({"store": str(args.db), "level": args.level, "events": events, "plover_records": len(records),
                      "failing_records": failed,
                      "problems": [{"problem": p, "count": n, "example": examples[p]}
                                   for p, n in problems.most_common(20)]}, indent=1))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
