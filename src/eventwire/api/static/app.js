// The eventwire dashboard: filters kept in the page's URL (so a view can be shared), facets with counts, a map,
// a timeline, a paged sortable table and the detail of one event with its evidence, its article and the other
// reports of it. Every piece of text from the store is put in the page as text (textContent, text nodes),
// never parsed as HTML; a source URL is a link only when it is http or https.
import { EventMap } from "./map.js";
import { QUAD_COLOURS, QUAD_NAMES, Timeline, colourOf, labelOf } from "./timeline.js";

const FILTERS = ["cameo", "plover", "actor", "actor_name", "country", "since", "until", "min_confidence",
                 "quad_class", "modality", "date_basis", "article_id"];
const FILTER_LABELS = { actor: "actor code", actor_name: "actor", min_confidence: "confidence ≥",
                        quad_class: "QuadClass", date_basis: "date from", article_id: "article", cameo: "CAMEO",
                        plover: "PLOVER" };
const FACETS = [  // [key in /api/summary's facets, title, the filter it sets]
  ["plover", "PLOVER type", "plover"], ["quad_class", "QuadClass", "quad_class"],
  ["cameo_root", "CAMEO root", "cameo"], ["country", "country", "country"], ["actor", "actor", "actor"],
  ["modality", "modality", "modality"], ["date_basis", "date from", "date_basis"],
  ["confidence", "confidence", "min_confidence"],
];
const DESCENDING_FIRST = new Set(["date", "killed", "mentions", "confidence"]);
const root = document.documentElement;
const $ = id => document.getElementById(id);

// -- building the page from data, as text ------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const node = document.createElement(tag);
  for (const [name, value] of Object.entries(attrs)) {
    if (value === null || value === undefined || value === false) continue;
    if (name === "class") node.className = value;
    else if (name === "dataset") Object.assign(node.dataset, value);
    else node.setAttribute(name, value === true ? "" : String(value));
  }
  for (const child of children) {
    if (child !== null && child !== undefined && child !== false) node.append(child instanceof Node ? child : String(child));
  }
  return node;
}

// A link only for http(s) URLs: javascript:, data: and anything else stay text.
export function safeHref(url) {
  if (typeof url !== "string" || !url) return null;
  try {
    const parsed = new URL(url);
    return parsed.protocol === "http:" || parsed.protocol === "https:" ? parsed.href : null;
  } catch {
    return null;
  }
}

function sourceLink(url) {
  const href = safeHref(url);
  if (!href) return el("span", { class: "url muted" }, url || "no URL");
  return el("a", { class: "url", href, rel: "noopener noreferrer", target: "_blank" }, url);
}

// text with marks: spans are [start, end, class, event id, priority] in article offsets; base is where text
// begins. A span reaching past the text is marked for the part inside it (an actor's words may begin in the
// sentence before the evidence sentence, when the sentence splitter cut a title such as "President" off).
function marked(text, base, spans) {
  const out = document.createDocumentFragment();
  let pos = 0;
  const end = base + text.length;
  const inside = spans.map(([s, e, ...rest]) => [Math.max(s, base), Math.min(e, end), ...rest])
    .filter(([s, e]) => e > s)
    .sort((a, b) => a[0] - b[0] || (a[4] ?? 0) - (b[4] ?? 0));
  for (const [start, stop, cls, eventId] of inside) {
    if (start - base < pos) continue;
    out.append(text.slice(pos, start - base));
    const mark = el("mark", { class: cls }, text.slice(start - base, stop - base));
    if (eventId) {
      mark.dataset.event = eventId;
      mark.tabIndex = 0;
      mark.title = "open this event";
    }
    out.append(mark);
    pos = stop - base;
  }
  out.append(text.slice(pos));
  return out;
}

function spansOf(e, priority = 0) {
  const spans = [[e.trigger.start, e.trigger.end, "trigger", null, priority]];
  if (e.source) spans.push([e.source.start, e.source.end, "source", null, priority]);
  if (e.target) spans.push([e.target.start, e.target.end, "target", null, priority]);
  return spans;
}

function actorCell(a) {
  if (!a) return el("span", { class: "muted" }, "—");
  const words = a.name && a.name !== a.text ? `${a.text} (${a.name})` : a.text;
  return el("span", {}, el("b", {}, a.code || "?"), el("br"), el("span", { class: "muted" }, words));
}

function placeText(loc) {
  if (!loc) return null;
  const name = loc.name || loc.text;
  return loc.country && loc.kind !== "country" ? `${name}, ${loc.country}` : name;
}

function casualtiesText(c) {
  if (!c) return "";
  const q = c.qualifier ? `${c.qualifier} ` : "";
  return [c.killed != null ? `${q}${c.killed} killed` : "", c.injured != null ? `${c.injured} injured` : "",
          c.arrested != null ? `${c.arrested} arrested` : ""].filter(Boolean).join(", ");
}

// -- the API ---------------------------------------------------------------------------------------------------

// The API answers an error with {"detail": "message"} or, for a parameter out of its form, {"detail": [{loc, msg}]}
function problem(r, body) {
  const d = body && body.detail;
  if (Array.isArray(d)) return d.map(x => `${(x.loc || []).slice(-1)[0] ?? ""}: ${x.msg}`).join("; ");
  return typeof d === "string" ? d : `HTTP ${r.status}`;
}

async function getJSON(url) {
  const r = await fetch(url);
  const body = await r.json().catch(() => null);
  if (!r.ok) throw new Error(problem(r, body));
  return body;
}

// -- the page's state: its query string ---------------------------------------------------------------------------

const params = () => new URLSearchParams(location.search);

function filterParams(p = params()) {
  const out = new URLSearchParams();
  for (const name of FILTERS) {
    const value = p.get(name);
    if (value) out.set(name, value);
  }
  return out;
}

function go(changes, { keepPage = false } = {}) {
  const p = params();
  for (const [name, value] of Object.entries(changes)) {
    if (value === null || value === undefined || value === "") p.delete(name);
    else p.set(name, String(value));
  }
  if (!keepPage && Object.keys(changes).some(name => FILTERS.includes(name))) p.delete("page");
  const query = p.toString();
  history.pushState(null, "", query ? `?${query}` : location.pathname);
  render();
}

const view = p => ({
  page: Math.max(1, parseInt(p.get("page") || "1", 10) || 1),
  per: [25, 50, 100].includes(Number(p.get("per"))) ? Number(p.get("per")) : 25,
  sort: p.get("sort") || "-date",
  level: p.get("level") === "mention" ? "mention" : "group",
  size: p.get("size") === "casualties" ? "casualties" : "mentions",
  stack: p.get("stack") === "plover" ? "plover" : "quad_class",
  interval: ["day", "week", "month", "year"].includes(p.get("interval")) ? p.get("interval") : "auto",
});

// -- the board ---------------------------------------------------------------------------------------------------

const eventMap = new EventMap($("map"), { onSelect: id => go({ event: id }, { keepPage: true }) });
const timeline = new Timeline($("timeline"), { onBrush: (since, until) => go({ since, until }) });
const world = getJSON("/static/world.json").then(topology => eventMap.drawWorld(topology));
let lastBoard = null, lastTimeline = null, sequence = 0, renders = 0;

function renderSummary(s) {
  const m = s.matched;
  const store = s.counts;
  $("summary").textContent = `${m.events} of ${store.events} events · ${m.groups} event groups · ` +
    `${m.articles} of ${store.articles} articles` + (store.skipped ? ` · ${store.skipped} inputs skipped` : "");
}

function facetItem(filter, item, current, stack) {
  let label = String(item.value);
  if (filter === "quad_class") label = `${item.value} ${item.label}`;
  else if (filter === "cameo") label = `${item.value} ${item.label || ""}`.trim();
  else if (filter === "country") label = item.label ? `${item.label} (${item.value})` : item.value;
  else if (filter === "actor") label = item.label ? `${item.value} ${item.label}` : item.value;
  else if (filter === "min_confidence") label = item.value ? `≥ ${item.value}` : "any";
  const pressed = current !== null && String(current).toUpperCase() === String(item.value).toUpperCase();
  const button = el("button", { type: "button", class: "facet-value", "aria-pressed": String(pressed), title: label,
                                dataset: { filter, value: String(item.value) } });
  if (filter === "quad_class") {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = QUAD_COLOURS[item.value];
    button.append(swatch);
  }
  button.append(el("span", { class: "facet-label" }, label), el("span", { class: "count" }, item.count));
  button.addEventListener("click", () => go({ [filter]: pressed || (filter === "min_confidence" && !item.value) ? null
                                                                   : item.value }));
  return el("li", {}, button);
}

function renderFacets(facets, f) {
  const box = $("facets");
  box.replaceChildren();
  for (const [key, title, filter] of FACETS) {
    const items = facets[key] || [];
    const section = el("section", { class: "facet", dataset: { facet: key } }, el("h3", {}, title));
    const list = el("ul");
    for (const item of items) list.append(facetItem(filter, item, f.get(filter)));
    if (!items.length) list.append(el("li", { class: "muted" }, "none"));
    section.append(list);
    box.append(section);
  }
  const options = $("country-list");
  options.replaceChildren(...(facets.country || []).filter(c => c.label).map(c => el("option", { value: c.label })));
}

function renderActive(f) {
  const box = $("active");
  box.replaceChildren();
  for (const [name, value] of f) {
    const chip = el("button", { type: "button", class: "chip", dataset: { filter: name },
                                title: "remove this filter" }, `${FILTER_LABELS[name] || name}: ${value} ✕`);
    chip.addEventListener("click", () => go({ [name]: null }));
    box.append(chip);
  }
}

function renderTable(data, v, openId) {
  const body = $("events").tBodies[0];
  body.replaceChildren();
  for (const e of data.events) {
    const modality = e.modality && e.modality !== "asserted" ? el("span", { class: "tag" }, e.modality) : null;
    const row = el("tr", { tabindex: 0, class: e.event_id === openId ? "open" : null, dataset: { event: e.event_id } },
      el("td", {}, e.date?.value ?? "—", el("br"), el("span", { class: "muted" }, e.date?.basis ?? "")),
      el("td", {}, actorCell(e.source)),
      el("td", {}, el("b", {}, e.cameo), " ", e.plover?.event_type ?? "", el("br"),
         el("span", { class: "muted" }, e.cameo_name ?? ""), modality ? " " : null, modality),
      el("td", {}, actorCell(e.target)),
      el("td", {}, placeText(e.location) ?? el("span", { class: "muted" }, "—")),
      el("td", {}, casualtiesText(e.casualties)),
      el("td", { class: "num" }, e.group ? e.group.num_mentions : e.mentions),
      el("td", { class: "num" }, e.confidence != null ? e.confidence.toFixed(2) : ""),
      el("td", { class: "evidence" }, marked(e.evidence.text, e.evidence.start, spansOf(e))));
    const open = () => go({ event: e.event_id }, { keepPage: true });
    row.addEventListener("click", open);
    row.addEventListener("keydown", ev => { if (ev.key === "Enter") open(); });
    body.append(row);
  }
  if (!data.events.length) body.append(el("tr", {}, el("td", { colspan: 9, class: "muted" }, "no event matches")));
  const pages = Math.max(1, Math.ceil(data.total / v.per));
  const first = data.total ? (v.page - 1) * v.per + 1 : 0;
  $("page-info").textContent = `page ${v.page} of ${pages} · ${first}–${Math.min(data.total, v.page * v.per)} ` +
    `of ${data.total}`;
  $("prev").disabled = v.page <= 1;
  $("next").disabled = v.page >= pages;
  const name = v.sort.replace(/^-/, "");
  for (const th of $("events").tHead.rows[0].cells) {
    if (!th.dataset.sort) continue;
    th.setAttribute("aria-sort", th.dataset.sort === name ? (v.sort.startsWith("-") ? "descending" : "ascending")
                                                          : "none");
  }
}

function renderLegend(data) {
  const box = $("legend");
  box.replaceChildren(...data.keys.map(key => {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = colourOf(data.stack, key, data.keys);
    return el("span", { class: "legend-item" }, swatch, labelOf(data.stack, key));
  }));
  const unit = data.level === "group" ? "event groups" : "reports";
  const notes = [`${data.total} ${unit} by ${data.interval}`];
  if (data.coarser) notes.push(`${data.coarser} dated only to a month or year are not in these bars`);
  if (data.undated) notes.push(`${data.undated} undated`);
  $("timeline-note").textContent = notes.join(" · ") + ". Drag across the bars to choose dates; click a bar for its " +
    "period.";
}

function renderDownloads(f) {
  for (const link of $("downloads").querySelectorAll("a[data-format]")) {
    const q = new URLSearchParams(f);
    q.set("format", link.dataset.format);
    link.href = `/api/export?${q}`;
  }
}

async function loadBoard(p, v, seq) {
  const f = filterParams(p);
  const page = new URLSearchParams(f);
  page.set("limit", v.per);
  page.set("offset", (v.page - 1) * v.per);
  page.set("sort", v.sort);
  const bars = new URLSearchParams(f);
  bars.set("interval", v.interval);
  bars.set("stack", v.stack);
  bars.set("level", v.level);
  const points = new URLSearchParams(f);
  points.set("level", v.level);
  const [summary, events, buckets, geo] = await Promise.all([
    getJSON(`/api/summary?${f}`), getJSON(`/api/events?${page}`), getJSON(`/api/timeline?${bars}`),
    getJSON(`/api/geo?${points}`), world]);
  if (seq !== sequence) return;  // a newer view was asked for meanwhile
  renderSummary(summary);
  renderFacets(summary.facets, f);
  renderActive(f);
  renderTable(events, v, p.get("event"));
  renderDownloads(f);
  lastTimeline = buckets;
  timeline.draw(buckets);
  renderLegend(buckets);
  eventMap.draw(geo, v.size);
  const unit = v.level === "group" ? "event groups" : "reports";
  const placed = `${geo.total} ${unit} with a place on the map (of ${v.level === "group" ? summary.matched.groups
    : summary.matched.events})` + (geo.truncated ? `, the ${geo.features.length} most reported shown` : "");
  $("map-note").replaceChildren(placed + "; colour: ", ...Object.entries(QUAD_NAMES).map(([k, name]) => {
    const swatch = el("span", { class: "swatch" });
    swatch.style.background = QUAD_COLOURS[k];
    return el("span", { class: "legend-item" }, swatch, name);
  }));
}

function syncControls(p, v) {
  const form = $("filters");
  for (const name of ["country", "since", "until", "cameo", "plover", "min_confidence"]) {
    form.elements[name].value = p.get(name) || "";
  }
  $("actor-input").value = p.get("actor_name") || p.get("actor") || "";
  $("map-level").value = v.level;
  $("map-size").value = v.size;
  $("tl-stack").value = v.stack;
  $("tl-interval").value = v.interval;
  $("per-page").value = String(v.per);
}

// -- the detail of one event ---------------------------------------------------------------------------------------

function fact(term, ...details) {
  return [el("dt", {}, term), el("dd", {}, ...details)];
}

function detailFacts(e) {
  const d = e.date || {};
  const loc = e.location;
  const list = el("dl", { class: "facts" });
  list.append(...fact("date", d.value ?? "—", d.precision ? ` (${d.precision})` : "",
                      el("br"), el("span", { class: "muted" }, "from "), d.basis ?? "—",
                      d.text ? el("span", {}, el("span", { class: "muted" }, ": the words "),
                                  el("q", { class: "date-text" }, d.text)) : null));
  list.append(...fact("place", loc ? [loc.name, loc.admin1, loc.country].filter(Boolean).join(", ") : "—",
                      loc ? el("br") : null,
                      loc ? el("span", {}, el("span", { class: "muted" }, "the words "), el("q", { class: "place-text" },
                                                                                     loc.text)) : null,
                      loc && e.location_basis ? el("span", { class: "muted" }, ` (${e.location_basis})`) : null,
                      loc && loc.lat != null ? el("span", { class: "muted" },
                                                  ` · ${loc.lat.toFixed(3)}, ${loc.lon.toFixed(3)} · ${loc.kind ?? ""}`)
                        : null));
  list.append(...fact("casualties", casualtiesText(e.casualties) || "none reported"));
  list.append(...fact("QuadClass", `${e.quad_class} ${QUAD_NAMES[e.quad_class] ?? ""}`,
                      el("span", { class: "muted" }, ` · Goldstein ${e.goldstein}`)));
  list.append(...fact("modality", e.modality ?? "—"));
  list.append(...fact("confidence", e.confidence != null ? e.confidence.toFixed(2) : "—"));
  list.append(...fact("rule", e.rule ?? "—", el("span", { class: "muted" }, ` · event ${e.event_id}`)));
  return list;
}

function otherReports(e, group) {
  const section = el("section", { class: "reports" }, el("h3", {}, "Other reports of this event"));
  if (!group) {
    section.append(el("p", { class: "muted" }, "No other report of this event in the store."));
    return section;
  }
  const copies = group.num_copies === 1 ? "1 a copy of a wire story" : `${group.num_copies} copies of a wire story`;
  section.append(el("p", { class: "muted" }, `event group ${group.group_id}: ${group.num_mentions} reports in ` +
    `${group.num_articles} articles from ${group.num_sources} sources (${copies})`));
  const list = el("ul", { class: "report-list" });
  for (const m of group.mentions) {
    if (m.event.event_id === e.event_id) continue;
    const open = el("button", { type: "button", class: "open-report", dataset: { event: m.event.event_id } },
                    "open");
    open.addEventListener("click", () => go({ event: m.event.event_id }, { keepPage: true }));
    list.append(el("li", { dataset: { event: m.event.event_id } },
      el("b", {}, m.title || m.article_id), el("br"),
      el("span", { class: "muted" }, [m.source || m.outlet, m.published, m.copy_of ? `copy of ${m.copy_of}` : ""]
        .filter(Boolean).join(" · ")), el("br"),
      el("span", { class: "evidence" }, marked(m.event.evidence.text, m.event.evidence.start, spansOf(m.event))),
      el("br"), sourceLink(m.url), " ", open));
  }
  if (!list.children.length) list.append(el("li", { class: "muted" }, "only this report"));
  section.append(list);
  return section;
}

function articleView(e, article, events) {
  const spans = spansOf(e, 0);
  for (const other of events) {
    if (other.event_id !== e.event_id) spans.push([other.trigger.start, other.trigger.end, "other", other.event_id, 1]);
  }
  const text = article.text;
  const ev = e.evidence;
  const body = el("div", { class: "article-text" });
  const sentence = el("span", { class: "current" }, marked(text.slice(ev.start, ev.end), ev.start, spans));
  body.append(marked(text.slice(0, ev.start), 0, spans), sentence, marked(text.slice(ev.end), ev.end, spans));
  body.addEventListener("click", click => {
    const mark = click.target.closest("mark[data-event]");
    if (mark) go({ event: mark.dataset.event }, { keepPage: true });
  });
  return el("section", { class: "article" }, el("h3", {}, "The article"),
    el("p", { class: "muted" }, `${events.length} events coded in it; this one's sentence is outlined, the other `
      + "events' words are underlined: click one to open it."), body);
}

async function showDetail(id, seq) {
  const panel = $("detail");
  if (!id) {
    panel.hidden = true;
    return;
  }
  const e = await getJSON(`/api/events/${encodeURIComponent(id)}`);
  const [article, siblings, group] = await Promise.all([
    getJSON(`/api/articles/${encodeURIComponent(e.article_id)}`),
    getJSON(`/api/events?${new URLSearchParams({ article_id: e.article_id, limit: 1000, sort: "date" })}`),
    e.group && e.group.num_mentions > 1 ? getJSON(`/api/groups/${encodeURIComponent(e.group.group_id)}`) : null]);
  if (seq !== sequence) return;
  $("detail-title").textContent = `${e.cameo} ${e.cameo_name ?? ""}`;
  const plover = e.plover?.event_type ? [e.plover.event_type, e.plover.mode].filter(Boolean).join(" · ") : "no PLOVER type";
  const head = el("p", { class: "who" }, actorCell(e.source), el("span", { class: "arrow" }, " → "),
                  actorCell(e.target), el("span", { class: "tag" }, plover));
  const evidence = el("blockquote", { class: "evidence" }, marked(e.evidence.text, e.evidence.start, spansOf(e)));
  const source = el("section", { class: "source" }, el("h3", {}, "Source"),
    el("p", {}, el("b", { class: "article-title" }, article.title || article.id), el("br"),
       el("span", { class: "muted" }, [article.source, article.published].filter(Boolean).join(" · ")), el("br"),
       sourceLink(article.url)));
  $("detail-body").replaceChildren(head, evidence, detailFacts(e), source, otherReports(e, group),
                                   articleView(e, article, siblings.events));
  panel.hidden = false;
  panel.dataset.event = e.event_id;
  for (const row of $("events").tBodies[0].rows) row.classList.toggle("open", row.dataset.event === e.event_id);
}


// -- one render of the page from its URL -------------------------------------------------------------------------

function showError(err) {
  const box = $("error");
  box.textContent = `error: ${err.message}`;
  box.hidden = false;
}

async function render() {
  const seq = ++sequence;
  const p = params();
  const v = view(p);
  syncControls(p, v);
  const board = [filterParams(p).toString(), v.page, v.per, v.sort, v.level, v.size, v.stack, v.interval].join("|");
  root.dataset.busy = "1";
  try {
    if (board !== lastBoard) {
      await loadBoard(p, v, seq);
      if (seq === sequence) lastBoard = board;
    }
    await showDetail(p.get("event"), seq);
    if (seq === sequence) $("error").hidden = true;
  } catch (err) {
    if (seq === sequence) showError(err);
  } finally {
    if (seq === sequence) {
      delete root.dataset.busy;
      renders += 1;
      root.dataset.renders = String(renders);
      if (!root.dataset.loadMs) root.dataset.loadMs = String(Math.round(performance.now()));
    }
  }
}

// -- controls ----------------------------------------------------------------------------------------------------

function bindActorSearch() {
  const input = $("actor-input"), list = $("actor-suggestions");
  let timer = null, asked = 0, active = -1;
  const hide = () => { list.hidden = true; active = -1; };
  const choose = s => {
    hide();
    input.value = s.kind === "code" ? s.value : s.label;
    go({ actor: s.kind === "code" ? s.value : null, actor_name: s.kind === "name" ? s.value : null });
  };
  input.addEventListener("input", () => {
    clearTimeout(timer);
    const q = input.value.trim();
    if (q.length < 2) { hide(); return; }
    timer = setTimeout(async () => {
      const mine = ++asked;
      let found;
      try {
        found = await getJSON(`/api/actors?${new URLSearchParams({ q, limit: 8 })}`);
      } catch (err) {
        showError(err);
        return;
      }
      if (mine !== asked) return;
      list.replaceChildren(...found.suggestions.map((s, i) => {
        const button = el("button", { type: "button", role: "option", class: "suggestion",
                                      dataset: { kind: s.kind, value: s.value, index: i } },
          el("span", {}, s.kind === "code" ? s.value : s.label), " ",
          el("span", { class: "muted" }, [s.kind === "code" ? s.label : s.code, `${s.events} events`]
            .filter(Boolean).join(" · ")));
        button.addEventListener("mousedown", down => down.preventDefault());  // keep the input's focus
        button.addEventListener("click", () => choose(s));
        button.suggestion = s;
        return el("li", {}, button);
      }));
      if (!found.suggestions.length) list.replaceChildren(el("li", { class: "muted" }, "no actor of that name or code"));
      list.hidden = false;
      active = -1;
    }, 150);
  });
  input.addEventListener("keydown", key => {
    const buttons = [...list.querySelectorAll("button.suggestion")];
    if (key.key === "ArrowDown" || key.key === "ArrowUp") {
      if (list.hidden || !buttons.length) return;
      key.preventDefault();
      active = (active + (key.key === "ArrowDown" ? 1 : -1) + buttons.length) % buttons.length;
      buttons.forEach((b, i) => b.classList.toggle("active", i === active));
    } else if (key.key === "Enter" && !list.hidden && active >= 0) {
      key.preventDefault();
      choose(buttons[active].suggestion);
    } else if (key.key === "Escape") {
      hide();
    }
  });
  input.addEventListener("blur", () => setTimeout(hide, 150));
}

// Free text in the actor box: a code when written like one (capitals and digits: USAGOV), else a name.
function actorFilter(text) {
  const value = text.trim();
  if (!value) return { actor: null, actor_name: null };
  return /^[A-Z0-9]{3,16}$/.test(value) ? { actor: value, actor_name: null } : { actor: null, actor_name: value };
}

function bindControls() {
  const form = $("filters");
  form.addEventListener("submit", submit => {
    submit.preventDefault();
    const changes = actorFilter($("actor-input").value);
    for (const name of ["country", "since", "until", "cameo", "plover", "min_confidence"]) {
      changes[name] = form.elements[name].value.trim();
    }
    go(changes);
  });
  $("clear").addEventListener("click", () => {
    history.pushState(null, "", location.pathname);
    render();
  });
  $("clear-dates").addEventListener("click", () => go({ since: null, until: null }));
  $("map-level").addEventListener("change", c => go({ level: c.target.value === "group" ? null : c.target.value }));
  $("map-size").addEventListener("change", c => go({ size: c.target.value === "mentions" ? null : c.target.value },
                                                   { keepPage: true }));
  $("tl-stack").addEventListener("change", c => go({ stack: c.target.value === "quad_class" ? null : c.target.value },
                                                   { keepPage: true }));
  $("tl-interval").addEventListener("change", c => go({ interval: c.target.value === "auto" ? null : c.target.value },
                                                      { keepPage: true }));
  $("per-page").addEventListener("change", c => go({ per: c.target.value === "25" ? null : c.target.value,
                                                     page: null }, { keepPage: true }));
  $("prev").addEventListener("click", () => go({ page: view(params()).page - 1 }, { keepPage: true }));
  $("next").addEventListener("click", () => go({ page: view(params()).page + 1 }, { keepPage: true }));
  $("zoom-in").addEventListener("click", () => eventMap.zoomAt(1.6));
  $("zoom-out").addEventListener("click", () => eventMap.zoomAt(1 / 1.6));
  $("zoom-reset").addEventListener("click", () => eventMap.reset());
  $("close-detail").addEventListener("click", () => go({ event: null }, { keepPage: true }));
  document.addEventListener("keydown", key => {
    if (key.key === "Escape" && !$("detail").hidden) go({ event: null }, { keepPage: true });
  });
  for (const th of $("events").tHead.rows[0].cells) {
    const name = th.dataset.sort;
    if (!name) continue;
    const button = el("button", { type: "button", class: "sort" }, th.textContent);
    button.addEventListener("click", () => {
      const current = view(params()).sort;
      const sort = current === `-${name}` ? name : current === name ? `-${name}`
        : DESCENDING_FIRST.has(name) ? `-${name}` : name;
      go({ sort: sort === "-date" ? null : sort, page: null }, { keepPage: true });
    });
    th.replaceChildren(button);
  }
  let resized = null;
  window.addEventListener("resize", () => {
    clearTimeout(resized);
    resized = setTimeout(() => { if (lastTimeline) timeline.draw(lastTimeline); }, 150);
  });
  window.addEventListener("popstate", render);
}

bindControls();
bindActorSearch();
render();
