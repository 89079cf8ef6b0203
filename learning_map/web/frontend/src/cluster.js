/* Sites clustered where their symbols would overlap: one module for every map that draws many
   sites (the offline map now, the citizen map later). Clusters come from supercluster (a k-d tree
   per zoom); a cluster shows the categories inside it (a ring of their colours, each arc its
   share) around how many sites it holds, and zooms in to split when clicked. Single sites are the callers' own
   Leaflet markers, made once each and kept, so their popups and tooltips survive re-clustering. */

import Supercluster from "supercluster";
import { el } from "./dom.js";
import { CATEGORY_ICONS, categoryIcon } from "./icons.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Sites closer than this many pixels share a cluster (about a cluster's width and a little air). */
export const CLUSTER_RADIUS_PX = 52;
/** From this zoom on (street level), every site is drawn on its own. */
export const UNCLUSTERED_ZOOM = 17;

/** A cluster's categories and their site counts, most sites first (then in drawing order). */
export function clusterCategories(properties) {
  const order = (key) => (Object.hasOwn(CATEGORY_ICONS, key) ? CATEGORY_ICONS[key].order : 99);
  return Object.entries(properties)
    .filter(([name]) => name.startsWith("n:"))
    .map(([name, count]) => ({ key: name.slice(2), count }))
    .sort((a, b) => b.count - a.count || order(a.key) - order(b.key));
}

/** A cluster's diameter in pixels: a little larger as it holds more sites. */
export function clusterSize(count) {
  return count < 10 ? 30 : count < 50 ? 36 : 42;
}

/**
 * The cluster's marker: a ring of its categories' colours (each arc as long as its share of the
 * sites, in the symbol system's colours) around its number of sites, drawn with the DOM.
 */
function clusterIcon(count, categories, title) {
  const size = clusterSize(count);
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", `0 0 ${size} ${size}`);
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("class", "lm-cluster");
  svg.dataset.count = String(count);
  svg.dataset.categories = categories.map((c) => c.key).join(" ");
  const centre = size / 2;
  const ring = size * 0.16; // the ring's width
  const radius = centre - 1 - ring / 2;
  const round = 2 * Math.PI * radius;
  const circle = (attributes) => {
    const node = document.createElementNS(SVG_NS, "circle");
    for (const [name, value] of Object.entries({ cx: centre, cy: centre, ...attributes })) node.setAttribute(name, String(value));
    svg.append(node);
    return node;
  };
  circle({ r: centre - 0.5, fill: "#ffffff", stroke: "#1a1a1a", "stroke-width": 1 });
  let start = 0;
  for (const { key, count: n } of categories) {
    const length = (round * n) / count;
    const arc = circle({
      r: radius, fill: "none", stroke: categoryIcon(key).color, "stroke-width": ring,
      "stroke-dasharray": `${length} ${round - length}`, "stroke-dashoffset": -start,
      transform: `rotate(-90 ${centre} ${centre})`,
    });
    arc.dataset.category = key;
    start += length;
  }
  const text = document.createElementNS(SVG_NS, "text");
  for (const [name, value] of Object.entries({ x: centre, y: centre, "text-anchor": "middle", "dominant-baseline": "central" })) {
    text.setAttribute(name, String(value));
  }
  text.textContent = String(count);
  svg.append(text);
  const holder = el("div");
  holder.title = title;
  holder.append(svg);
  return L.divIcon({ html: holder, className: "lm-cluster-icon", iconSize: [size, size], iconAnchor: [size / 2, size / 2] });
}

/**
 * The clusters of these points at every zoom up to street level (a supercluster index); each
 * cluster's properties count its sites per category ("n:library": 3), flat so that
 * supercluster's shallow copies never share a nested object.
 *
 * @param {{id: number, lat: number, lon: number, category: string}[]} points
 */
export function clusterIndex(points) {
  const index = new Supercluster({
    radius: CLUSTER_RADIUS_PX,
    maxZoom: UNCLUSTERED_ZOOM - 1,
    map: (props) => ({ [`n:${props.category}`]: 1 }),
    reduce: (sum, props) => {
      for (const [name, count] of Object.entries(props)) {
        if (name.startsWith("n:")) sum[name] = (sum[name] || 0) + count;
      }
    },
  });
  index.load(points.map((p) => ({
    type: "Feature", geometry: { type: "Point", coordinates: [p.lon, p.lat] },
    properties: { id: p.id, category: p.category },
  })));
  return index;
}

/**
 * A layer of clustered sites.
 *
 * @param {L.Map} map
 * @param {{markerOf: (id: number) => L.Marker, title: (count: number) => string}} options
 *   markerOf: the single marker of point `id` (the caller makes it, once);
 *   title: a cluster's tooltip text ("12 sites: zoom in")
 * @returns {{layer: L.LayerGroup, setPoints: Function, reveal: Function, counts: Function}}
 */
export function createClusterLayer(map, { markerOf, title }) {
  const layer = L.layerGroup().addTo(map);
  let index = null;
  let byId = new Map();

  function render() {
    layer.clearLayers();
    if (!index) return;
    // A little beyond the view, so panning does not show an empty margin before the redraw.
    const bounds = map.getBounds().pad(0.25);
    const bbox = [bounds.getWest(), bounds.getSouth(), bounds.getEast(), bounds.getNorth()];
    for (const feature of index.getClusters(bbox, Math.floor(map.getZoom()))) {
      const [lon, lat] = feature.geometry.coordinates;
      const p = feature.properties;
      if (!p.cluster) {
        markerOf(p.id).addTo(layer);
        continue;
      }
      const marker = L.marker([lat, lon], {
        icon: clusterIcon(p.point_count, clusterCategories(p), title(p.point_count)),
        keyboard: false, zIndexOffset: 5000,
      });
      marker.on("click", () => {
        map.setView([lat, lon], Math.min(index.getClusterExpansionZoom(p.cluster_id), UNCLUSTERED_ZOOM));
      });
      marker.addTo(layer);
    }
  }

  /**
   * Cluster these points anew (when the categories shown change).
   *
   * @param {{id: number, lat: number, lon: number, category: string}[]} points
   */
  function setPoints(points) {
    index = clusterIndex(points);
    byId = new Map(points.map((p) => [p.id, p]));
    render();
  }

  /** Show point `id` on its own (zoomed in to street level) and return its marker. */
  function reveal(id) {
    const point = byId.get(id);
    map.setView([point.lat, point.lon], Math.max(map.getZoom(), UNCLUSTERED_ZOOM), { animate: false });
    render();
    return markerOf(id);
  }

  /** How many sites are drawn alone and how many inside clusters (for tests and the console). */
  function counts() {
    let single = 0;
    let clustered = 0;
    let clusters = 0;
    layer.eachLayer((marker) => {
      const count = marker.options.icon && marker.options.icon.options.className === "lm-cluster-icon"
        ? Number(marker.options.icon.options.html.firstChild.dataset.count) : null;
      if (count == null) single += 1;
      else { clustered += count; clusters += 1; }
    });
    return { single, clustered, clusters };
  }

  map.on("moveend", render);
  return { layer, setPoints, reveal, counts };
}
