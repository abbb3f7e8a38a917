#!/usr/bin/env python3
"""Draw the hand-checked sample of LGL toponyms (issue 12, item 4): ``tests/geo/fixtures/lgl_toponym_sample.json``.

Parses and geoparses every article of the LGL corpus (``../shared/data/corpus/lgl_news.jsonl``: 588 US local
news stories of 2009, the texts without their annotations) with the shipped pipeline stages, collects every
predicted place (toponym occurrence) of the corpus in file order, draws ``random.Random(SEED).sample`` of
``SIZE`` of them and writes them, sorted by article id and offset, as a draft fixture: each record carries the
prediction at sampling time and an empty ``judged`` referent to be filled in by hand.

Judgements already in the output file are kept for the records (article id, start, end) drawn again, and so
are the header fields written by hand, so re-running the tool after a change to the geoparser does not lose
them; ``--review`` also writes a plain-text sheet with the title, URL and surrounding text of every record, to
judge from.

Run: .venv/bin/python tools/sample_lgl_toponyms.py [--corpus PATH] [--out PATH] [--review sheet.txt]

Beware: the sample is drawn from the *predicted* places, so it depends on the geoparser of the day; the
fixture records the draw and is not meant to be redrawn once judged.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared"
CORPUS_REL = "data/corpus/lgl_news.jsonl"
DEFAULT_CORPUS = SHARED / CORPUS_REL
DEFAULT_OUT = ROOT / "tests" / "geo" / "fixtures" / "lgl_toponym_sample.json"
SEED = 12
SIZE = 100
JUDGED_ON = "2026-12-01"


def read_corpus(path: Path) -> list[dict[str, Any]]:
    """The records of a JSON Lines corpus (``id, title, url, published, text``), in file order."""
    with path.open(encoding="utf-8") as stream:
        return [json.loads(line) for line in stream if line.strip()]


def geoparse_records(records: list[dict[str, Any]]) -> dict[str, list[Any]]:
    """Article id -> the places the shipped parser + geoparser predict for it."""
    from eventwire.config import Settings
    from eventwire.document import Article, Document
    from eventwire.geo import make_geoparser
    from eventwire.parse import Parser

    settings = Settings()
    parser = Parser(settings.model)
    geoparser = make_geoparser(settings)
    docs = [Document(Article(id=r["id"], text=r["text"], title=r.get("title"), url=r.get("url"),
                             published=r.get("published"))) for r in records]
    return {doc.id: list(geoparser(doc).places) for doc in parser.pipe(docs)}


def draw(records: list[dict[str, Any]], places: dict[str, list[Any]], seed: int = SEED,
         size: int = SIZE) -> list[tuple[str, Any]]:
    """``size`` (article id, place) pairs drawn at random from all predicted occurrences, sorted by id and offset."""
    population = [(r["id"], p) for r in records for p in sorted(places.get(r["id"], []), key=lambda p: p.start)]
    chosen = random.Random(seed).sample(population, size)
    return sorted(chosen, key=lambda pair: (pair[0], pair[1].start, pair[1].end))


def build_fixture(records: list[dict[str, Any]], chosen: list[tuple[str, Any]], population: int,
                  previous: dict[tuple[str, int, int], Any]) -> dict[str, Any]:
    by_id = {r["id"]: r for r in records}
    out = []
    for article_id, place in chosen:
        prediction = asdict(place)
        for key in ("text", "start", "end"):
            prediction.pop(key)
        out.append({
            "id": article_id,
            "url": by_id[article_id].get("url"),
            "start": place.start,
            "end": place.end,
            "text": place.text,
            "judged": previous.get((article_id, place.start, place.end)),
            "predicted_at_sampling": prediction,
        })
    return {
        "description": "A random sample of the toponyms eventwire predicts on the LGL corpus, each judged by hand: "
                       "is the span a place, and if so which (the point to ~0.1 degree; geonameid from eventwire's "
                       "gazetteer when it has the place, else null). Scored by tests/geo/test_geo_lgl_sample.py.",
        "seed": SEED,
        "corpus": f"../shared/{CORPUS_REL}",
        "articles_in_corpus": len(records),
        "sampled_from": f"all {population} places (toponym occurrences) predicted by the parser + geoparser of the day "
                        f"over the whole corpus, in file order then offset; random.Random({SEED}).sample(…, {SIZE}), "
                        "then sorted by article id and offset; drawn by tools/sample_lgl_toponyms.py",
        "judged_on": JUDGED_ON,
        "judged_by": "hand: a reader of each article (title, URL, dateline, nearby sentences)",
        "judgement_fields": "is_place, name, country (ISO3), admin1, lat, lon, geonameid, note",
        "records": out,
    }


def review_sheet(records: list[dict[str, Any]], chosen: list[tuple[str, Any]], width: int = 300) -> str:
    by_id = {r["id"]: r for r in records}
    lines = []
    for number, (article_id, place) in enumerate(chosen):
        record = by_id[article_id]
        text = record["text"]
        left = text[max(0, place.start - width):place.start].replace("\n", " ")
        right = text[place.end:place.end + width].replace("\n", " ")
        lines += [f"#{number} {article_id} [{place.start}:{place.end}] {place.text!r}",
                  f"  title: {record.get('title')}", f"  url:   {record.get('url')}",
                  f"  pred:  {place.name} | {place.country} | {place.admin1} | {place.lat},{place.lon} | "
                  f"{place.kind} | gid {place.geonameid}",
                  f"  text:  …{left}[[{text[place.start:place.end]}]]{right}…", ""]
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(description=__doc__.split("\n", 1)[0])
    ap.add_argument("--corpus", type=Path, default=DEFAULT_CORPUS)
    ap.add_argument("--out", type=Path, default=DEFAULT_OUT)
    ap.add_argument("--review", type=Path, default=None, help="also write a plain-text sheet to judge from")
    ap.add_argument("--force", action="store_true", help="overwrite an output file that already holds judgements")
    args = ap.parse_args(argv)
    if args.out.exists() and not args.force and '"is_place"' in args.out.read_text(encoding="utf-8"):
        print(f"{args.out} already holds hand judgements; pass --force to redraw (judgements of records drawn "
              "again are kept), or --out elsewhere", file=sys.stderr)
        return 2
    if not args.corpus.exists():
        print(f"corpus not found: {args.corpus}", file=sys.stderr)
        return 2
    records = read_corpus(args.corpus)
    places = geoparse_records(records)
    population = sum(len(v) for v in places.values())
    chosen = draw(records, places)
    previous: dict[tuple[str, int, int], Any] = {}
    kept_header: dict[str, Any] = {}
    if args.out.exists():
        old = json.loads(args.out.read_text(encoding="utf-8"))
        for r in old.get("records", []):
            if r.get("judged"):
                previous[(r["id"], r["start"], r["end"])] = r["judged"]
        kept_header = {k: v for k, v in old.items() if k != "records"}
    fixture = build_fixture(records, chosen, population, previous)
    # header fields written by hand (judging policy, score at judging) survive a redraw
    fixture = {**fixture, **{k: v for k, v in kept_header.items() if k not in fixture}, "records": fixture["records"]}
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(fixture, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    kept = sum(r["judged"] is not None for r in fixture["records"])
    print(f"{len(records)} articles, {population} predicted places; wrote {len(chosen)} to {args.out} "
          f"({kept} judgements kept)")
    if args.review:
        args.review.write_text(review_sheet(records, chosen), encoding="utf-8")
        print(f"review sheet: {args.review}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
