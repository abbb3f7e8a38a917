"""Event groups in the store: each new mention is matched against the stored groups as it is written.

The rules are ``eventwire.group``'s; this module does the SQL. Grouping never compares all pairs: a mention's
candidates are the groups of its type (CAMEO root or PLOVER type) whose dates touch its date window — one
indexed range query (``event_groups_block``) — and only those are checked, actors first, then place. The same
goes for near-duplicate articles: candidates are the articles that share an LSH band of the MinHash signature.

Everything happens in the writer's transaction (:meth:`Store.add`): a batch's articles, events, copies and
groups are committed together or not at all. A group's id is ``g`` + the event id of its first mention, so the
same input in the same order gives the same ids, and a later article never renames a group.
"""

from __future__ import annotations

import json
import sqlite3
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

import numpy as np

from eventwire.document import Article, Event
from eventwire.group.copies import CopyFinder, Signature
from eventwire.group.match import (
    Mention,
    Verdict,
    actor_keys,
    is_groupable,
    match_group,
    mention_of,
    query_keys,
    summarise,
    window,
)
from eventwire.group.outlet import outlet_of
from eventwire.group.schema import GroupThresholds

_CACHE_LIMIT = 200_000  # groups whose parsed members are kept between batches
_MAX_SPAN = 366  # days a group's dates may cover (a year-precision date)


@dataclass(frozen=True, slots=True)
class EventGroup:
    """One stored event group: what it reports and how often it was reported."""

    group_id: str
    type_key: str
    date: str | None
    date_precision: str | None
    representative: str
    location: dict[str, Any] | None
    killed: int | None
    killed_min: int | None
    injured: int | None
    injured_min: int | None
    num_mentions: int
    num_articles: int
    num_sources: int
    num_copies: int
    first_article: str | None
    source_url: str | None

    @property
    def num_independent(self) -> int:
        """Articles that are not re-runs of a story another article of the group carries."""
        return self.num_articles - self.num_copies

    def to_dict(self) -> dict[str, Any]:
        return {"group_id": self.group_id, "type": self.type_key,
                "date": {"value": self.date, "precision": self.date_precision} if self.date else None,
                "location": self.location,
                "casualties": {"killed": self.killed, "killed_min": self.killed_min, "injured": self.injured,
                               "injured_min": self.injured_min},
                "num_mentions": self.num_mentions, "num_articles": self.num_articles,
                "num_sources": self.num_sources, "num_copies": self.num_copies,
                "first_article": self.first_article, "source_url": self.source_url,
                "representative_event": self.representative}


GROUP_COLUMNS = ("group_id, type_key, date, date_precision, representative, location, killed, killed_min, injured, "
                 "injured_min, num_mentions, num_articles, num_sources, num_copies, first_article, source_url")


def group_from_row(row: tuple[Any, ...]) -> EventGroup:
    values = list(row)
    values[5] = json.loads(values[5]) if values[5] else None
    return EventGroup(*values)


class Grouper:
    """Copies and groups for the one writer's connection; :meth:`flush` before each commit, :meth:`forget`
    after a rollback."""

    def __init__(self, conn: sqlite3.Connection, thresholds: GroupThresholds) -> None:
        self.conn = conn
        self.thresholds = thresholds
        self.copies = CopyFinder(thresholds.copies)
        self._members: dict[int, list[Mention]] = {}
        self._ids: dict[int, str] = {}
        self._stories: dict[int, int] = {}  # article row -> the row of the story it copies (this batch)
        self._dirty: set[int] = set()
        self._assigned: list[tuple[int, str, str]] = []  # (group row, reasons JSON, event id)

    def forget(self) -> None:
        """Drop what was not committed (the transaction was rolled back)."""
        self._members.clear()
        self._ids.clear()
        self._stories.clear()
        self._dirty.clear()
        self._assigned.clear()

    # -- articles: outlet and near-duplicates ------------------------------------------------------------------

    def add_article(self, row: int, article: Article) -> None:
        """Record the article's outlet and whether it copies an earlier stored article."""
        signature = self.copies.signature(article.body)
        copy_of = similarity = None
        if signature is not None:
            keys = self.copies.bands(signature)
            found = self._original_of(signature, keys, row)
            if found is not None:
                copy_of, similarity = found
            self.conn.executemany("INSERT INTO article_bands (band, bucket, article) VALUES (?,?,?)",
                                  [(band, bucket, row) for band, bucket in keys])
        self.conn.execute("UPDATE articles SET outlet = ?, copy_of = ?, copy_similarity = ?, minhash = ?,"
                          " copy_checked = 1 WHERE id = ?",
                          (outlet_of(article), copy_of, similarity,
                           signature.to_bytes() if signature else None, row))
        self._stories[row] = copy_of if copy_of is not None else row

    def _original_of(self, signature: Signature, keys: list[tuple[int, int]], row: int) -> tuple[int, float] | None:
        """(the original's row, similarity) of the most similar earlier article at or above the threshold: the
        original of that article when it is itself a copy, so every copy of a story points at one article."""
        values = ",".join("(?,?)" for _ in keys)
        params = [value for key in keys for value in key]
        rows = self.conn.execute(
            f"WITH k (band, bucket) AS (VALUES {values}) SELECT DISTINCT a.id, a.copy_of, a.minhash"
            " FROM article_bands b JOIN k ON b.band = k.band AND b.bucket = k.bucket JOIN articles a"
            " ON a.id = b.article WHERE a.id < ? ORDER BY a.id", [*params, row]).fetchall()
        own = np.asarray(signature.values, dtype="<u4")
        best: tuple[float, int] | None = None
        for other, original, blob in rows:
            similarity = float(np.mean(own == np.frombuffer(blob, dtype="<u4")))
            if self.copies.is_copy(similarity) and (best is None or similarity > best[0]):
                best = (similarity, original or other)
        return (best[1], round(best[0], 4)) if best else None

    # -- events: groups ----------------------------------------------------------------------------------------

    def add_events(self, row: int, events: Iterable[Event]) -> None:
        """Put each of the article's new events in the group it matches, or in a new one."""
        story = self._stories.get(row)
        if story is None:
            found = self.conn.execute("SELECT coalesce(copy_of, id) FROM articles WHERE id = ?", (row,)).fetchone()
            story = int(found[0]) if found else row
        for event in events:
            self.assign(mention_of(event, row, self.thresholds, story=story))

    def assign(self, mention: Mention) -> str:
        """Put ``mention`` in the best matching group (or a new one); returns the group id."""
        best: tuple[int, int, Verdict] | None = None
        if is_groupable(mention):
            for group, members in self._candidates(mention):
                verdict = match_group(mention, members, self.thresholds)
                if verdict.ok and (best is None or verdict.score > best[1]):
                    best = (group, verdict.score, verdict)
        if best is None:
            return self._found(mention)
        group, _, verdict = best
        members = self._members[group]
        members.append(mention)
        assert mention.lo is not None and mention.hi is not None
        lo, hi = min(m.lo for m in members if m.lo is not None), max(m.hi for m in members if m.hi is not None)
        self.conn.execute("UPDATE event_groups SET span_lo = ?, span_hi = ? WHERE id = ?", (lo, hi, group))
        self.conn.execute("UPDATE group_keys SET span_lo = ?, span_hi = ? WHERE group_ref = ?", (lo, hi, group))
        self._add_keys(group, mention, lo, hi)
        self._dirty.add(group)
        self._assigned.append((group, json.dumps(verdict.reasons, ensure_ascii=False), mention.event_id))
        return self._ids[group]

    def _add_keys(self, group: int, mention: Mention, lo: int, hi: int) -> None:
        self.conn.executemany(
            "INSERT OR IGNORE INTO group_keys (group_ref, type_key, actor_key, span_lo, span_hi) VALUES (?,?,?,?,?)",
            [(group, mention.type_key, key, lo, hi) for key in actor_keys(mention)])

    def _candidates(self, mention: Mention) -> Iterator[tuple[int, list[Mention]]]:
        """The groups of the mention's type whose dates touch its window and that hold an actor of the country
        of one of its actors (blocked by type and date, then actors: never all pairs)."""
        keys = query_keys(mention)
        if not keys:
            return
        first, last = window(mention, self.thresholds)
        marks = ",".join("?" * len(keys))
        rows = self.conn.execute(
            "SELECT g.id, g.group_id, g.members FROM event_groups g WHERE g.id IN (SELECT k.group_ref FROM"
            f" group_keys k WHERE k.type_key = ? AND k.actor_key IN ({marks}) AND k.span_lo BETWEEN ? AND ?"
            " AND k.span_hi >= ?) ORDER BY g.id",
            (mention.type_key, *keys, first - _MAX_SPAN, last, first)).fetchall()
        for group, group_id, members in rows:
            if group not in self._members:
                self._members[group] = [Mention.from_dict(m) for m in json.loads(members)]
                self._ids[group] = group_id
            yield group, self._members[group]

    def _found(self, mention: Mention) -> str:
        """A new group with ``mention`` as its first mention."""
        group_id = f"g{mention.event_id}"
        groupable = is_groupable(mention)
        cur = self.conn.execute(
            "INSERT INTO event_groups (group_id, type_key, span_lo, span_hi, representative, members)"
            " VALUES (?,?,?,?,?,?)",
            (group_id, mention.type_key, mention.lo if groupable else None, mention.hi if groupable else None,
             mention.event_id, "[]"))
        group = int(cur.lastrowid or 0)
        if groupable and mention.lo is not None and mention.hi is not None:
            self._add_keys(group, mention, mention.lo, mention.hi)
        self._members[group] = [mention]
        self._ids[group] = group_id
        self._dirty.add(group)
        reason = "first mention" if groupable else "first mention; never grouped (no date)"
        self._assigned.append((group, json.dumps([reason]), mention.event_id))
        return group_id

    # -- writing the groups ------------------------------------------------------------------------------------

    def flush(self) -> None:
        """Write the batch's memberships, then each touched group's summary and counts."""
        self.conn.executemany("UPDATE events SET group_ref = ?, group_reason = ? WHERE event_id = ?",
                              self._assigned)
        self._assigned.clear()
        for group in sorted(self._dirty):
            self._write_group(group, self._members[group])
        self._dirty.clear()
        self._stories.clear()
        if len(self._members) > _CACHE_LIMIT:  # read again from the store when next needed
            self._members.clear()
            self._ids.clear()

    def _write_group(self, group: int, members: list[Mention]) -> None:
        summary = summarise(members)
        mentions, articles, sources, stories = self.conn.execute(
            "SELECT count(*), count(DISTINCT coalesce(a.outlet, '') || char(31) || coalesce(a.copy_of, a.id)),"
            " count(DISTINCT a.outlet) + max(a.outlet IS NULL), count(DISTINCT coalesce(a.copy_of, a.id))"
            " FROM events e JOIN articles a ON a.id = e.article WHERE e.group_ref = ?", (group,)).fetchone()
        first = self.conn.execute(
            "SELECT a.article_id, a.url FROM events e JOIN articles a ON a.id = e.article WHERE e.group_ref = ?"
            " ORDER BY a.published IS NULL, replace(substr(a.published, 1, 19), 'T', ' '), a.id LIMIT 1",
            (group,)).fetchone()
        place = summary.place
        self.conn.execute(
            "UPDATE event_groups SET date = ?, date_precision = ?, representative = ?, location = ?, country = ?,"
            " lat = ?, lon = ?, killed = ?, killed_min = ?, injured = ?, injured_min = ?, num_mentions = ?,"
            " num_articles = ?, num_sources = ?, num_copies = ?, first_article = ?, source_url = ?, members = ?"
            " WHERE id = ?",
            (summary.date, summary.precision, summary.representative,
             json.dumps(place.to_place().to_dict(), ensure_ascii=False) if place else None,
             place.country if place else None, place.lat if place else None, place.lon if place else None,
             summary.killed, summary.killed_min, summary.injured, summary.injured_min, mentions, articles,
             sources, articles - stories, first[0] if first else None, (first[1] or first[0]) if first else None,
             json.dumps([m.to_dict() for m in members], ensure_ascii=False), group))

