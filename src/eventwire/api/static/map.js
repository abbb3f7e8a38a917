// The map: Natural Earth's countries (TopoJSON, /static/world.json) drawn as SVG paths in an equirectangular
// projection, and the events (GeoJSON from /api/geo) as circles over it. Zoom with the wheel or the buttons,
// pan by dragging; a click on a point calls onSelect with its event id. Nothing is loaded from outside.
import { QUAD_COLOURS, svg } from "./timeline.js";

const WIDTH = 1000, HEIGHT = 420;
const NORTH = 84, SOUTH = -62;  // the latitudes shown: Antarctica and the Arctic Ocean are left out
const MAX_ZOOM = 40;

export function project(lon, lat) {
  const y = (NORTH - Math.max(SOUTH, Math.min(NORTH, lat))) / (NORTH - SOUTH) * HEIGHT;
  return [(lon + 180) / 360 * WIDTH, y];
}

// TopoJSON (https://github.com/topojson/topojson-specification): quantized, delta-encoded arcs shared by rings
function decodeArcs(topology) {
  const [sx, sy] = topology.transform.scale, [tx, ty] = topology.transform.translate;
  return topology.arcs.map(arc => {
    let x = 0, y = 0;
    return arc.map(([dx, dy]) => { x += dx; y += dy; return [x * sx + tx, y * sy + ty]; });
  });
}

// A ring that crosses the antimeridian (Russia's Chukotka, Fiji) jumps from +180 to -180: drawn as it is, it
// would streak across the whole map. Its far side is moved next to the rest (past the map's edge, out of view).
function unwrap(points) {
  const jumps = points.some((p, i) => i > 0 && Math.abs(p[0] - points[i - 1][0]) > 180);
  if (!jumps) return points;
  const east = points.reduce((sum, p) => sum + p[0], 0) / points.length > 0;
  return points.map(([lon, lat]) => [east && lon < 0 ? lon + 360 : !east && lon > 0 ? lon - 360 : lon, lat]);
}

function ringPath(ring, arcs) {
  const points = [];
  for (const index of ring) {
    const arc = index < 0 ? arcs[~index].slice().reverse() : arcs[index];
    points.push(...(points.length ? arc.slice(1) : arc));
  }
  return "M" + unwrap(points).map(([lon, lat]) => project(lon, lat).map(v => v.toFixed(1)).join(",")).join("L") + "Z";
}

export function countryPaths(topology) {
  const arcs = decodeArcs(topology);
  return topology.objects.countries.geometries.filter(g => g.arcs).map(g => {
    const polygons = g.type === "Polygon" ? [g.arcs] : g.arcs;
    return { name: g.properties?.name ?? "", d: polygons.flatMap(p => p.map(r => ringPath(r, arcs))).join("") };
  });
}

export class EventMap {
  constructor(element, { onSelect }) {
    this.svg = element;
    this.onSelect = onSelect;
    this.k = 1; this.x = 0; this.y = 0;
    this.view = svg("g", { class: "viewport" });
    this.land = svg("g", { class: "land" });
    this.dots = svg("g", { class: "points" });
    this.view.append(this.land, this.dots);
    this.svg.append(svg("rect", { class: "sea", width: WIDTH, height: HEIGHT }), this.view);
    this.features = [];
    this.sizeBy = "mentions";
    this.bindZoom();
  }

  drawWorld(topology) {
    for (const country of countryPaths(topology)) {
      const path = svg("path", { d: country.d, class: "country" });
      path.append(svg("title", {}, country.name));
      this.land.append(path);
    }
  }

  radius(p) {
    const value = this.sizeBy === "casualties" ? (p.killed || 0) + (p.injured || 0) : (p.mentions || 1);
    return Math.min(28, 3.5 + 2.6 * Math.sqrt(value));
  }

  draw(collection, sizeBy) {
    this.sizeBy = sizeBy;
    this.features = collection.features;
    this.dots.replaceChildren();
    for (const f of this.features) {
      const p = f.properties;
      const [x, y] = project(...f.geometry.coordinates);
      const dot = svg("circle", { cx: x.toFixed(2), cy: y.toFixed(2), class: "point", "data-id": p.id,
                                  "data-event": p.event_id, fill: QUAD_COLOURS[p.quad_class] || "#888" });
      dot.dataset.r = this.radius(p);
      const bits = [p.place || "?", p.country, p.date, [p.cameo, p.plover].filter(Boolean).join(" "),
        `${p.mentions} report${p.mentions === 1 ? "" : "s"}`, p.killed ? `${p.killed} killed` : "",
        p.injured ? `${p.injured} injured` : ""].filter(Boolean);
      dot.append(svg("title", {}, bits.join(" · ")));
      dot.addEventListener("click", ev => { if (!this.dragged) this.onSelect(p.event_id); ev.stopPropagation(); });
      this.dots.append(dot);
    }
    this.apply();
  }

  // -- zoom and pan: the viewport is translated and scaled; circles keep their size on screen
  apply() {
    this.view.setAttribute("transform", `translate(${this.x.toFixed(2)},${this.y.toFixed(2)}) scale(${this.k})`);
    for (const dot of this.dots.children) dot.setAttribute("r", (Number(dot.dataset.r) / this.k).toFixed(3));
    this.svg.dataset.zoom = this.k.toFixed(3);
  }

  zoomAt(factor, cx = WIDTH / 2, cy = HEIGHT / 2) {
    const k = Math.max(1, Math.min(MAX_ZOOM, this.k * factor));
    this.x = cx - (cx - this.x) * (k / this.k);
    this.y = cy - (cy - this.y) * (k / this.k);
    this.k = k;
    this.clamp();
    this.apply();
  }

  reset() { this.k = 1; this.x = 0; this.y = 0; this.apply(); }

  clamp() {
    this.x = Math.min(0, Math.max(WIDTH - WIDTH * this.k, this.x));
    this.y = Math.min(0, Math.max(HEIGHT - HEIGHT * this.k, this.y));
  }

  toSvg(ev) {
    const box = this.svg.getBoundingClientRect();
    return [(ev.clientX - box.left) / box.width * WIDTH, (ev.clientY - box.top) / box.height * HEIGHT];
  }

  bindZoom() {
    this.svg.addEventListener("wheel", ev => {
      ev.preventDefault();
      this.zoomAt(ev.deltaY < 0 ? 1.25 : 0.8, ...this.toSvg(ev));
    }, { passive: false });
    let start = null;
    this.svg.addEventListener("pointerdown", ev => {
      if (ev.button !== 0) return;
      start = { at: this.toSvg(ev), x: this.x, y: this.y, id: ev.pointerId };
      this.dragged = false;
    });
    this.svg.addEventListener("pointermove", ev => {
      if (!start || ev.pointerId !== start.id) return;
      const [px, py] = this.toSvg(ev);
      const dx = px - start.at[0], dy = py - start.at[1];
      if (!this.dragged && Math.hypot(dx, dy) < 4) return;
      if (!this.dragged) this.svg.setPointerCapture(ev.pointerId);
      this.dragged = true;
      this.x = start.x + dx; this.y = start.y + dy;
      this.clamp();
      this.apply();
    });
    const end = () => { start = null; setTimeout(() => { this.dragged = false; }, 0); };
    this.svg.addEventListener("pointerup", end);
    this.svg.addEventListener("pointercancel", end);
  }
}
