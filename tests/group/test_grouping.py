"""Issue 13: mentions of one event are grouped in the store as they arrive; different events stay apart."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import pytest

from eventwire.document import Event
from eventwire.group import load_group_thresholds, mention_of, summarise
from eventwire.store.sqlite import Store
from tests.conftest import run_cli
from tests.group.helpers import BENGHAZI, GNA, LIBYA, MIGRANTS, TARHUNA, TRIPOLI, coded, make_article, make_event

pytestmark = pytest.mark.issue(13)


def _groups(path: Path, *reports: tuple[str, list[Event]]) -> Store:
    """A store holding one article per report (different outlets), each with its events."""
    store = Store(path)
    store.add([coded(make_article(article_id, source=f"Outlet {article_id}",
                                  url=f"https://www.outlet-{article_id}.com/story"), events)
               for article_id, events in reports])
    return store


def _together(store: Store, first: str, second: str) -> bool:
    return store.group_of(first) == store.group_of(second) is not None


def test_group_two_reports_of_one_strike_form_one_group_with_counts(tmp_path: Path) -> None:
    with _groups(tmp_path / "s.db", ("a1", [make_event("e1", killed=40)]),
                 ("a2", [make_event("e2", day="2019-07-04", killed=44)])) as store:
        assert _together(store, "e1", "e2")
        group = store.group("ge1")
        assert group is not None
        assert (group.num_mentions, group.num_articles, group.num_sources, group.num_copies) == (2, 2, 2, 0)
        # the largest count reported, and the range kept
        assert (group.killed, group.killed_min) == (44, 40)
        assert group.source_url == "https://www.outlet-a1.com/story"
        assert store.group_count() == 1


@pytest.mark.parametrize(("second", "why"), [
    (make_event("e2", cameo="173", plover="COERCE"), "types differ: 17 and 19"),
    (make_event("e2", place=BENGHAZI), "km apart (more than 10 km)"),
    (make_event("e2", day="2019-07-06"), "3 day(s) apart (more than 2)"),
    (make_event("e2", target=GNA), "target: LBYGOV and LBYREF are of different sectors"),
    (make_event("e2", day="2019-08", precision="month"), "not one inside the other"),
])
def test_group_different_events_same_dyad_stay_apart(tmp_path: Path, second: Event, why: str) -> None:
    with _groups(tmp_path / "s.db", ("a1", [make_event("e1")]), ("a2", [second])) as store:
        assert not _together(store, "e1", "e2")
        assert store.group_count() == 2
    first = mention_of(make_event("e1"), 1, load_group_thresholds())
    other = mention_of(second, 2, load_group_thresholds())
    from eventwire.group import compare

    verdict = compare(other, first, load_group_thresholds())
    assert not verdict.ok and why in verdict.reasons[0]


@pytest.mark.parametrize(("day", "precision"), [("2019-07-01", "day"), ("2019-07-05", "day"), ("2019-07", "month")])
def test_group_dates_within_their_precision_join(tmp_path: Path, day: str, precision: str) -> None:
    with _groups(tmp_path / "s.db", ("a1", [make_event("e1")]),
                 ("a2", [make_event("e2", day=day, precision=precision)])) as store:
        assert _together(store, "e1", "e2")
        group = store.group(store.group_of("e1") or "")
        # the most precise date wins
        assert group is not None and (group.date, group.date_precision) == ("2019-07-03", "day")


def test_group_month_precision_matches_only_inside_its_month(tmp_path: Path) -> None:
    with _groups(tmp_path / "s.db", ("a1", [make_event("e1", day="2019-07", precision="month")]),
                 ("a2", [make_event("e2", day="2019-07-31")]),
                 ("a3", [make_event("e3", day="2019-08-01")])) as store:
        assert _together(store, "e1", "e2")
        assert not _together(store, "e1", "e3")


def test_group_day_windows_do_not_chain(tmp_path: Path) -> None:
    # 1 and 3 July are one event, 3 and 5 July could be; 1 and 5 July cannot: the group does not drift
    with _groups(tmp_path / "s.db", ("a1", [make_event("e1", day="2019-07-01")]),
                 ("a2", [make_event("e2", day="2019-07-03")]),
                 ("a3", [make_event("e3", day="2019-07-05")])) as store:
        assert _together(store, "e1", "e2")
        assert not _together(store, "e1", "e3")


def test_group_one_side_unknown_is_compatible(tmp_path: Path) -> None:
    # "an airstrike hit the detention center" (no source) and "Haftar's forces bombed it", same place
    with _groups(tmp_path / "s.db", ("a1", [make_event("e1", source=None)]), ("a2", [make_event("e2")])) as store:
        assert _together(store, "e1", "e2")
        reasons = store.group_mentions("ge1")[1]["reasons"]
    assert "source: unknown in one mention (LBYMIL)" in reasons


def test_group_place_inside_another_is_compatible_and_the_most_specific_wins(tmp_path: Path) -> None:
    with _groups(tmp_path / "s.db", ("a1", [make_event("e1", place=LIBYA)]),
                 ("a2", [make_event("e2", place=TRIPOLI)])) as store:
        # both actors known: a strike "in Libya" and one "in Tripoli" by the same forces on the same people
        assert _together(store, "e1", "e2")
        group = store.group("ge1")
    assert group is not None and group.location is not None and group.location["name"] == "Tripoli"


def test_group_generic_reports_from_independent_stories_need_a_place(tmp_path: Path) -> None:
    # the same day, "police arrested a man" in two papers: no place, a generic target, two events
    with _groups(tmp_path / "s.db", ("a1", [make_event("e1", cameo="173", place=None, target=MIGRANTS)]),
                 ("a2", [make_event("e2", cameo="173", place=TARHUNA, source=None)])) as store:
        assert not _together(store, "e1", "e2")


def test_group_adding_an_article_later_joins_the_group_and_keeps_its_id(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    with _groups(path, ("a1", [make_event("e1", killed=3)])) as store:
        assert store.group_of("e1") == "ge1"
    with Store(path) as store:
        store.add([coded(make_article("a2", source="Other Outlet"), [make_event("e2", killed=5)])])
        store.add([coded(make_article("a3", source="Third Outlet"),
                         [make_event("e3", cameo="190", plover="ASSAULT", place=BENGHAZI)])])
        assert store.group_of("e2") == "ge1" and store.group_of("e3") == "ge3"
        group = store.group("ge1")
        assert group is not None and (group.num_articles, group.num_sources, group.killed) == (2, 2, 5)
        ids = sorted(g.group_id for g, _, _ in store.groups())
        # regrouping the same store in the same order gives the same ids
        assert store.regroup() == 2
        assert sorted(g.group_id for g, _, _ in store.groups()) == ids == ["ge1", "ge3"]


def test_group_a_store_without_groups_is_grouped_when_a_writer_opens_it(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _groups(path, ("a1", [make_event("e1")]), ("a2", [make_event("e2")])).close()
    raw = sqlite3.connect(path)  # as a store migrated from schema version 1 has it: nothing grouped yet
    raw.executescript("UPDATE events SET group_ref = NULL, group_reason = NULL; DELETE FROM event_groups;"
                      " UPDATE articles SET outlet = NULL, copy_checked = 0;")
    raw.close()
    with Store(path) as store:
        assert _together(store, "e1", "e2") and store.group_count() == 1
        group = store.group("ge1")
        assert group is not None and group.num_sources == 2


def test_group_schema_version_1_store_migrates(tmp_path: Path) -> None:
    from eventwire.store.sqlite import migrations

    path = tmp_path / "v1.db"
    raw = sqlite3.connect(path)
    raw.executescript(migrations()[0][2])
    raw.execute("PRAGMA user_version = 1")
    raw.close()
    with Store(path) as store:
        assert store.version == 2
        store.add([coded(make_article("a1"), [make_event("e1")])])
        assert store.group_of("e1") == "ge1"


def test_group_summary_takes_the_largest_casualties_and_keeps_the_range() -> None:
    thresholds = load_group_thresholds()
    members = [mention_of(make_event(f"e{n}", killed=killed), n, thresholds)
               for n, killed in enumerate((12, None, 30, 18))]
    summary = summarise(members)
    assert (summary.killed, summary.killed_min, summary.injured) == (30, 12, None)


def test_group_show_lists_mentions_with_article_evidence_date_and_why(tmp_path: Path) -> None:
    path = tmp_path / "s.db"
    _groups(path, ("a1", [make_event("e1")]), ("a2", [make_event("e2", day="2019-07-04")])).close()
    result = run_cli("show", "ge1", "--db", str(path))
    assert result.returncode == 0, result.stderr
    shown = " ".join(result.stdout.split())
    assert "event group ge1" in shown and "2 mention(s) in 2 article(s) from 2 source(s)" in shown
    assert "a1" in shown and "a2" in shown and "outlet a2" in shown
    assert "The event e2 happened." in shown and "2019-07-04" in shown
    # why grouped (the cells wrap, so look for words)
    assert "first mention" in shown and "closest to e1" in shown and "apart" in shown and "type 19 in both" in shown
    # an event id shows its group; an unknown id is named
    assert "event group ge1" in run_cli("show", "e2", "--db", str(path)).stdout
    missing = run_cli("show", "gnothing", "--db", str(path))
    assert missing.returncode == 1 and "gnothing: no such event group or event" in missing.stderr
