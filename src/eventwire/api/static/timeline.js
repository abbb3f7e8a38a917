// The timeline: events per day, week, month or year (/api/timeline) as stacked SVG bars. Dragging across the
// bars (or clicking one) brushes a date range and calls onBrush(since, until).

const NS = "http://www.w3.org/2000/svg";
export const QUAD_COLOURS = { 1: "#3182bd", 2: "#31a354", 3: "#fd8d3c", 4: "#de2d26" };
export const QUAD_NAMES = { 1: "verbal cooperation", 2: "material cooperation", 3: "verbal conflict",
                            4: "material conflict" };
const PALETTE = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f",
                 "#bcbd22", "#17becf", "#393b79", "#ad494a", "#637939", "#843c39", "#7b4173", "#3182bd"];

// An SVG element with attributes; text (from the store or not) only ever goes in as textContent.
export function svg(tag, attrs = {}, text = null) {
  const node = document.createElementNS(NS, tag);
  for (const [name, value] of Object.entries(attrs)) node.setAttribute(name, String(value));
  if (text !== null) node.textContent = text;
  return node;
}

export function colourOf(stack, key, keys) {
  if (stack === "quad_class") return QUAD_COLOURS[key] || "#999";
  if (key === "none") return "#bbb";
  return PALETTE[keys.indexOf(key) % PALETTE.length];
}

export function labelOf(stack, key) {
  if (stack === "quad_class") return QUAD_NAMES[key] || key;
  return key === "none" ? "no PLOVER type" : key;
}

// The last day a bucket covers, as a filter value: a day or a week's Sunday (YYYY-MM-DD), a month, a year.
export function periodEnd(start, interval) {
  if (interval !== "week") return start;
  const day = new Date(start + "T00:00:00Z");
  day.setUTCDate(day.getUTCDate() + 6);
  return day.toISOString().slice(0, 10);
}

export class Timeline {
  constructor(element, { onBrush }) {
    this.svg = element;
    this.onBrush = onBrush;
    this.data = null;
  }

  draw(data) {
    this.data = data;
    const width = Math.max(280, Math.round(this.svg.getBoundingClientRect().width || 600));
    const height = 170, left = 34, right = 8, top = 8, bottom = 24;
    const plotW = width - left - right, plotH = height - top - bottom;
    this.geometry = { left, plotW, top, plotH };
    this.svg.setAttribute("viewBox", `0 0 ${width} ${height}`);
    this.svg.replaceChildren();
    const buckets = data.buckets;
    if (!buckets.length) {
      this.svg.append(svg("text", { x: width / 2, y: height / 2, "text-anchor": "middle", class: "empty" },
                          "no event dated to the " + data.interval));
      return;
    }
    const totals = buckets.map(b => Object.values(b.counts).reduce((a, n) => a + n, 0));
    const max = Math.max(1, ...totals);
    const band = plotW / buckets.length, gap = band > 4 ? Math.min(2, band * 0.15) : 0;
    this.svg.append(svg("line", { x1: left, x2: left + plotW, y1: top + plotH, y2: top + plotH, class: "axis" }),
                    svg("text", { x: left - 4, y: top + 8, "text-anchor": "end", class: "tick" }, String(max)),
                    svg("text", { x: left - 4, y: top + plotH, "text-anchor": "end", class: "tick" }, "0"));
    const bars = svg("g", { class: "bars" });
    buckets.forEach((bucket, i) => {
      const column = svg("g", { class: "bar", "data-start": bucket.start, "data-count": totals[i] });
      let y = top + plotH;
      for (const key of data.keys) {
        const n = bucket.counts[key] || 0;
        if (!n) continue;
        const h = n / max * plotH;
        y -= h;
        column.append(svg("rect", { x: (left + i * band + gap).toFixed(2), y: y.toFixed(2),
                                    width: Math.max(0.8, band - 2 * gap).toFixed(2), height: h.toFixed(2),
                                    fill: colourOf(data.stack, key, data.keys) }));
      }
      const parts = data.keys.filter(k => bucket.counts[k]).map(k => `${labelOf(data.stack, k)} ${bucket.counts[k]}`);
      column.append(svg("title", {}, `${bucket.start}: ${totals[i]}` + (parts.length ? ` (${parts.join(", ")})` : "")));
      bars.append(column);
    });
    this.svg.append(bars);
    const labels = Math.max(2, Math.floor(plotW / 95));
    const step = Math.max(1, Math.ceil(buckets.length / labels));
    for (let i = 0; i < buckets.length; i += step) {
      this.svg.append(svg("text", { x: (left + (i + 0.5) * band).toFixed(1), y: height - 8, class: "tick",
                                    "text-anchor": i === 0 ? "start" : "middle" }, buckets[i].start));
    }
    this.selection = svg("rect", { class: "brush", x: 0, y: top, width: 0, height: plotH, visibility: "hidden" });
    const area = svg("rect", { class: "brush-area", x: left, y: top, width: plotW, height: plotH });
    this.svg.append(this.selection, area);
    this.bindBrush(area);
  }

  indexAt(ev) {
    const box = this.svg.getBoundingClientRect();
    const { left, plotW } = this.geometry;
    const x = (ev.clientX - box.left) / box.width * Number(this.svg.viewBox.baseVal.width);
    const n = this.data.buckets.length;
    return Math.max(0, Math.min(n - 1, Math.floor((x - left) / plotW * n)));
  }

  showSelection(a, b) {
    const { left, plotW } = this.geometry, band = plotW / this.data.buckets.length;
    const [lo, hi] = a <= b ? [a, b] : [b, a];
    this.selection.setAttribute("x", (left + lo * band).toFixed(2));
    this.selection.setAttribute("width", ((hi - lo + 1) * band).toFixed(2));
    this.selection.setAttribute("visibility", "visible");
  }

  bindBrush(area) {
    let from = null;
    area.addEventListener("pointerdown", ev => {
      if (ev.button !== 0) return;
      from = this.indexAt(ev);
      area.setPointerCapture(ev.pointerId);
      this.showSelection(from, from);
    });
    area.addEventListener("pointermove", ev => { if (from !== null) this.showSelection(from, this.indexAt(ev)); });
    area.addEventListener("pointerup", ev => {
      if (from === null) return;
      const to = this.indexAt(ev);
      const [lo, hi] = from <= to ? [from, to] : [to, from];
      from = null;
      const buckets = this.data.buckets;
      this.onBrush(buckets[lo].start, periodEnd(buckets[hi].start, this.data.interval));
    });
    area.addEventListener("pointercancel", () => { from = null; this.selection.setAttribute("visibility", "hidden"); });
  }
}
