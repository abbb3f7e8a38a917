const esc = s => String(s ?? "").replace(/[&<>"]/g, c => ({"&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;"}[c]));
const actor = a => a ? `${esc(a.code)} <span class="muted">${esc(a.text)}</span>` : '<span class="muted">—</span>';

function highlight(text, base, spans) {
  // spans: [start, end, cls] in article offsets; base: the article offset where text begins
  let out = "", pos = 0;
  for (const [s, e, cls] of spans.filter(x => x[0] >= base && x[1] <= base + text.length).sort((a, b) => a[0] - b[0])) {
    if (s - base < pos) continue;
    out += esc(text.slice(pos, s - base)) + `<mark class="${cls}">` + esc(text.slice(s - base, e - base)) + "</mark>";
    pos = e - base;
  }
  return out + esc(text.slice(pos));
}

function spansOf(e) {
  const spans = [[e.trigger.start, e.trigger.end, "trigger"]];
  if (e.source) spans.push([e.source.start, e.source.end, "source"]);
  if (e.target) spans.push([e.target.start, e.target.end, "target"]);
  return spans;
}

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

function showError(err) {
  const box = document.getElementById("summary");
  box.className = "error";
  box.textContent = `error: ${err.message}`;
}

async function showArticle(e) {
  let a;
  try {
    a = await getJSON(`/api/articles/${encodeURIComponent(e.article_id)}`);
  } catch (err) {
    showError(err);
    return;
  }
  const box = document.getElementById("article");
  box.style.display = "block";
  box.innerHTML = `<b>${esc(a.title)}</b> <span class="muted">${esc(a.published)} ${esc(a.url)}</span>\n\n` +
    highlight(a.text, 0, spansOf(e));
  box.scrollIntoView();
}

async function load() {
  const params = new URLSearchParams([...new FormData(document.getElementById("filters"))].filter(([, v]) => v));
  const rows = document.getElementById("events");
  let data, s;
  try {
    data = await getJSON(`/api/events?${params}`);
    s = await getJSON("/api/summary");
  } catch (err) {
    rows.innerHTML = "";
    showError(err);
    return;
  }
  rows.innerHTML = "";
  for (const e of data.events) {
    const c = e.casualties || {};
    const tr = document.createElement("tr");
    tr.innerHTML = `<td>${esc(e.date?.value)} <span class="muted">${esc(e.date?.basis)}</span></td>
      <td>${actor(e.source)}</td>
      <td>${esc(e.cameo)} ${esc(e.plover?.event_type)}<br><span class="muted">${esc(e.cameo_name)}${e.modality !== "asserted" ? " · " + esc(e.modality) : ""}</span></td>
      <td>${actor(e.target)}</td>
      <td>${e.location ? esc(e.location.name) + ", " + esc(e.location.country) : '<span class="muted">—</span>'}</td>
      <td>${c.killed != null ? "killed " + esc(c.killed) : ""} ${c.injured != null ? "injured " + esc(c.injured) : ""}</td>
      <td class="evidence">${highlight(e.evidence.text, e.evidence.start, spansOf(e))}</td>`;
    tr.querySelector(".evidence").onclick = () => showArticle(e);
    rows.appendChild(tr);
  }
  const summary = document.getElementById("summary");
  summary.className = "";
  summary.textContent =
    `${data.total} of ${s.counts.events} events from ${s.counts.articles} articles` +
    (s.counts.skipped ? `; ${s.counts.skipped} inputs skipped` : "") + ". Click an evidence sentence to read the article.";
}

document.getElementById("filters").onsubmit = ev => { ev.preventDefault(); load(); };
load();
