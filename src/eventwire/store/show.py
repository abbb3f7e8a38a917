"""``eventwire events``: a table of the stored events on standard output."""

from __future__ import annotations

from pathlib import Path

from rich.console import Console
from rich.table import Table
from rich.text import Text

from eventwire.document import ActorRef, Event
from eventwire.store.filters import EventFilter
from eventwire.store.sqlite import Store

_SNIPPET = 120


def _actor(actor: ActorRef | None) -> Text:
    if actor is None:
        return Text("—", style="dim")
    label = Text(actor.code or "?", style="bold")
    if actor.text and actor.text != actor.code:
        label.append(f"\n{actor.text}", style="dim")
    return label


def _event(event: Event) -> Text:
    label = Text(event.cameo, style="bold")
    if event.plover.event_type:
        label.append(f" {event.plover.event_type}", style="cyan")
    if event.cameo_name:
        label.append(f"\n{event.cameo_name}", style="dim")
    if event.modality != "asserted":
        label.append(f"\n({event.modality})", style="yellow")
    return label


def _place(event: Event) -> str:
    place = event.location
    if place is None:
        return ""
    name = place.name or place.text
    return f"{name}, {place.country}" if place.country and place.kind != "country" else name


def _snippet(event: Event) -> Text:
    """The evidence sentence around the trigger, the trigger in bold, cut to about ``_SNIPPET`` characters."""
    sentence = event.evidence.text
    start = max(0, event.trigger.start - event.evidence.start)
    end = min(len(sentence), event.trigger.end - event.evidence.start)
    if not 0 <= start < end <= len(sentence):
        start = end = 0
    left = max(0, min(start - _SNIPPET // 3, len(sentence) - _SNIPPET))
    right = min(len(sentence), left + _SNIPPET)
    if left > 0:  # cut at word boundaries
        space = sentence.find(" ", left, start)
        left = space + 1 if space >= 0 else left
    if right < len(sentence):
        space = sentence.rfind(" ", end, right)
        right = space if space >= 0 else right
    text = Text("…" if left > 0 else "")
    text.append(sentence[left:start].replace("\n", " "))
    text.append(sentence[start:end].replace("\n", " "), style="bold magenta")
    text.append(sentence[end:right].replace("\n", " "))
    if right < len(sentence):
        text.append("…")
    return text


def _date(event: Event) -> str:
    if event.date is None:
        return ""
    return event.date.value if event.date.basis == "text" else f"{event.date.value}*"


def print_events_table(db: Path, limit: int = 50, where: EventFilter | None = None) -> None:
    """Print up to ``limit`` stored events (those ``where`` lets through, when given) as a table: date, source,
    event, target, place, evidence.

    A date marked ``*`` is the publication date (the text gave none for the event).

    Raises:
        StoreError: no such database, not an eventwire store, or SQLite cannot read it (e.g. it is corrupt);
            nothing is printed then.
    """
    console = Console()
    if not console.is_terminal:
        # piped or captured (make demo under a CI log): no terminal width to follow, so use a readable one
        console = Console(width=140)
    with Store(db, readonly=True) as store:
        counts = store.counts()
        if where is not None and not where.is_empty():
            counts["events"] = store.count_events(where)
        title = f"{db}: {counts['events']} events from {counts['articles']} articles"
        if where is not None and not where.is_empty():
            title = f"{db}: {counts['events']} events matching the filters"
        table = Table(title=title,
                      caption="date*: the publication date (the text gave no date for the event); "
                              "bold: the trigger", show_lines=True, expand=True)
        table.add_column("date", no_wrap=True, min_width=10)
        table.add_column("source", max_width=18)
        table.add_column("event", max_width=22)
        table.add_column("target", max_width=18)
        table.add_column("place", max_width=14)
        table.add_column("evidence", ratio=1, min_width=30)
        shown = 0
        for event, _article in store.events_with_articles(limit=limit, where=where):
            table.add_row(_date(event), _actor(event.source), _event(event), _actor(event.target), _place(event),
                          _snippet(event))
            shown += 1
    if shown == 0:
        if where is not None and not where.is_empty():
            console.print(f"{db}: no events match the filters ({counts['articles']} articles stored).", markup=False,
                          highlight=False)
            return
        console.print(f"{db}: no events stored ({counts['articles']} articles).", markup=False, highlight=False)
        return
    console.print(table)
    if counts["events"] > shown:
        console.print(f"(first {shown} of {counts['events']}; eventwire events --limit N shows more, "
                      "eventwire export writes them all)", markup=False, highlight=False)


def _range(high: int | None, low: int | None) -> str:
    if high is None:
        return "—"
    return str(high) if low in (None, high) else f"{high} (reports from {low} to {high})"


def print_group(db: Path, group_or_event_id: str) -> bool:
    """Print an event group: what it reports, its counts, and each mention with its article (outlet, the
    article it copies), evidence sentence, date and why it joined the group. An event id shows its group.

    Returns False when there is no such group or event.

    Raises:
        StoreError: no such database, not an eventwire store, or SQLite cannot read it.
    """
    console = Console()
    if not console.is_terminal:
        console = Console(width=140)
    with Store(db, readonly=True) as store:
        group_id = group_or_event_id
        group = store.group(group_id)
        if group is None:
            group_id = store.group_of(group_or_event_id) or ""
            group = store.group(group_id) if group_id else None
        if group is None:
            return False
        mentions = store.group_mentions(group_id)
    place = group.location or {}
    where = ", ".join(str(p) for p in (place.get("name") or place.get("text"), place.get("country")) if p) or "—"
    date = f"{group.date} ({group.date_precision})" if group.date else "—"
    independent = group.num_articles - group.num_copies
    console.print(Text.assemble(
        (f"event group {group.group_id}", "bold"), f"  type {group.type_key}, {date}, {where}\n",
        f"killed {_range(group.killed, group.killed_min)}, injured {_range(group.injured, group.injured_min)}\n",
        f"{group.num_mentions} mention(s) in {group.num_articles} article(s) from {group.num_sources} source(s); "
        f"{group.num_copies} of the articles re-run a story another one carries ({independent} independent); "
        f"first report: {group.source_url or group.first_article or '—'}"))
    table = Table(show_lines=True, expand=True)
    table.add_column("#", no_wrap=True)
    table.add_column("article", max_width=30)
    table.add_column("event", max_width=22)
    table.add_column("date", no_wrap=True, min_width=10)
    table.add_column("evidence", ratio=1, min_width=30)
    table.add_column("why grouped", ratio=1, min_width=24)
    for number, mention in enumerate(mentions, 1):
        event: Event = mention["event"]
        article = Text(mention["article_id"], style="bold")
        for extra in (mention["outlet"] or "(outlet unknown)", mention["published"], mention["title"]):
            if extra:
                article.append(f"\n{extra}", style="dim")
        if mention["copy_of"]:
            article.append(f"\ncopy of {mention['copy_of']} (similarity {mention['copy_similarity']:.2f})",
                           style="yellow")
        label = _event(event)
        label.append(f"\n{_actor(event.source).plain.splitlines()[0]} → {_actor(event.target).plain.splitlines()[0]}")
        if event.location is not None:
            label.append(f"\n{_place(event)}", style="dim")
        table.add_row(str(number), article, label, _date(event), _snippet(event),
                      "\n".join(mention["reasons"]))
    console.print(table)
    console.print("date*: the publication date (the text gave no date for the event); bold: the trigger",
                  markup=False, highlight=False, style="dim")
    return True
