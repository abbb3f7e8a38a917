"""Issue 13: the same wire story run by two outlets groups its events across them (num_articles 2, num_sources 2),
is recognised as a copy, and gives one row per event in the group-level GDELT export; one outlet storing a
story twice does not count twice."""

from __future__ import annotations

import csv
import json
from collections import Counter
from pathlib import Path

import pytest

from eventwire.document import Article, content_hash
from eventwire.group import CopyFinder, load_group_thresholds, outlet_of, registered_domain
from eventwire.store.export import export_db
from eventwire.store.records import CodedArticle
from eventwire.store.sqlite import Store
from tests.group.helpers import coded, make_article, make_event

pytestmark = pytest.mark.issue(13)

PARAGRAPHS = [
    "Syrian government forces shelled the town of Maarat al-Numan in Idlib province on Tuesday, killing 12 "
    "civilians, a monitoring group said.",
    "Turkey condemned the attack and urged Russia to restrain the Syrian government, the Turkish Foreign Ministry "
    "said in a statement on Wednesday.",
    "The United Nations has repeatedly warned that an offensive on the province would cause a humanitarian "
    "catastrophe for the three million people who live there.",
    "Rebels fired rockets at army positions near Hama on Tuesday, the state news agency reported.",
]


def _wire_copies() -> tuple[Article, Article]:
    original = Article(
        id="wire-1", title="Shelling kills 12 in Syria's Idlib",
        text="Shelling kills 12 in Syria's Idlib\n\n" + "\n\n".join(PARAGRAPHS), body_start=36,
        published="2019-07-03T10:00:00+00:00", url="https://www.dailyplanet.com/world/idlib-shelling",
        source="The Daily Planet")
    # another outlet runs it with its own headline and without the third paragraph
    title = "Syrian forces shell Idlib town"
    rerun = Article(
        id="wire-2", title=title,
        text=f"{title}\n\n" + "\n\n".join(PARAGRAPHS[:2] + PARAGRAPHS[3:]), body_start=len(title) + 2,
        published="2019-07-03T14:30:00+00:00", url="https://news.metrotimes.co.uk/2019/07/03/idlib",
        source=None)
    return original, rerun


@pytest.fixture(scope="module")
def wire_db(tmp_path_factory: pytest.TempPathFactory) -> Path:
    from eventwire.pipeline import make_pipeline

    path = tmp_path_factory.mktemp("wire") / "wire.db"
    docs = list(make_pipeline().pipe(list(_wire_copies())))
    with Store(path) as store:
        for doc in docs:  # one article a batch, as they would arrive
            assert not isinstance(doc, Exception), doc
            store.add([CodedArticle(content_hash(doc.text), doc.article, doc.events, doc.actor_mentions,
                                    doc.places)])
    return path


@pytest.mark.model
def test_group_wire_story_from_two_outlets_groups_across_them(wire_db: Path) -> None:
    with Store(wire_db, readonly=True) as store:
        events = store.counts()["events"]
        groups = list(store.groups())
        copies = store.copies()
    assert copies and copies[0]["article_id"] == "wire-2" and copies[0]["original_article"] == "wire-1"
    assert copies[0]["similarity"] >= 0.5
    shared = [g for g, _, _ in groups if g.num_articles == 2]
    assert len(shared) >= 2, [(g.group_id, g.num_articles) for g, _, _ in groups]
    for group in shared:
        assert (group.num_articles, group.num_sources, group.num_copies) == (2, 2, 1)
        assert group.source_url == "https://www.dailyplanet.com/world/idlib-shelling"  # the first report
    assert len(groups) < events


@pytest.mark.model
def test_group_gdelt_export_has_one_row_per_group_without_duplicates(wire_db: Path) -> None:
    out = wire_db.parent / "events.gdelt.tsv"
    n = export_db(wire_db, "gdelt", out, header=True)  # group level is GDELT's default
    with out.open(encoding="utf-8", newline="") as handle:
        rows = list(csv.DictReader(handle, delimiter="\t", quoting=csv.QUOTE_NONE))
    with Store(wire_db, readonly=True) as store:
        assert n == len(rows) == store.group_count()
    assert len({row["GlobalEventID"] for row in rows}) == len(rows)
    keys = Counter((r["EventCode"], r["Actor1Code"], r["Actor2Code"], r["Day"], r["ActionGeo_FeatureID"])
                   for r in rows)
    assert max(keys.values()) == 1, keys
    shared = [r for r in rows if r["NumArticles"] == "2"]
    assert shared and all(r["NumSources"] == "2" and int(r["NumMentions"]) >= 2 for r in shared)
    assert all(r["SOURCEURL"] == "https://www.dailyplanet.com/world/idlib-shelling" for r in shared)
    # the mention level keeps one row per event record, each counted once
    mention_out = wire_db.parent / "mentions.gdelt.tsv"
    assert export_db(wire_db, "gdelt", mention_out, level="mention") > n


@pytest.mark.model
def test_group_jsonl_group_level_carries_counts(wire_db: Path) -> None:
    out = wire_db.parent / "groups.jsonl"
    export_db(wire_db, "jsonl", out, level="group")
    records = [json.loads(line) for line in out.read_text(encoding="utf-8").splitlines()]
    assert {"group_id", "num_mentions", "num_articles", "num_sources", "num_copies", "representative"} <= \
        set(records[0])
    assert any(r["num_articles"] == 2 for r in records)


def test_group_same_outlet_storing_a_story_twice_counts_one_article_and_source(tmp_path: Path) -> None:
    body = " ".join(PARAGRAPHS)
    first = make_article("x1", text=body, source="Daily Planet", url="https://dailyplanet.com/a")
    again = make_article("x2", text=body.replace("Tuesday", "Tuesday night", 1), source="The Daily Planet",
                         url="https://dailyplanet.com/a?page=2")
    other = make_article("x3", text=body + " More to follow.", url="https://www.metrotimes.co.uk/b")
    with Store(tmp_path / "s.db") as store:
        store.add([coded(first, [make_event("e1")]), coded(again, [make_event("e2")])])
        group = store.group("ge1")
        assert group is not None and (group.num_mentions, group.num_articles, group.num_sources) == (2, 1, 1)
        store.add([coded(other, [make_event("e3")])])
        group = store.group("ge1")
        assert group is not None
        assert (group.num_mentions, group.num_articles, group.num_sources, group.num_copies) == (3, 2, 2, 1)
        assert [c["original_article"] for c in store.copies()] == ["x1", "x1"]


def test_group_different_stories_are_not_copies() -> None:
    finder = CopyFinder(load_group_thresholds().copies)
    one = finder.signature(" ".join(PARAGRAPHS))
    trimmed = finder.signature(" ".join(PARAGRAPHS[:2] + PARAGRAPHS[3:]))
    other = finder.signature("Police in Alexandria arrested a 19-year-old woman on Friday and charged her with "
                             "aggravated arson after a fire destroyed a house on Dublin Road, the sheriff said.")
    assert one and trimmed and other
    assert finder.is_copy(finder.similarity(one, trimmed))
    assert not finder.is_copy(finder.similarity(one, other))
    assert finder.signature("Too short to judge.") is None


@pytest.mark.parametrize(("article", "outlet"), [
    (Article("a", "t", source=" The  Augusta Chronicle ", url="http://chronicle.augusta.com/x"), "augusta chronicle"),
    (Article("a", "t", url="http://chronicle.augusta.com/stories/2009/03/31/met.shtml"), "augusta.com"),
    (Article("a", "t", url="https://news.bbc.co.uk/2/hi/world.stm"), "bbc.co.uk"),
    (Article("a", "t"), None),
])
def test_group_outlet_is_the_site_name_else_the_registered_domain(article: Article, outlet: str | None) -> None:
    assert outlet_of(article) == outlet
    assert registered_domain("not a url at all") is None
