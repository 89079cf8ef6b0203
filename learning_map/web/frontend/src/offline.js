/* learning-map offline map: reads the page's JSON data block and draws it with Leaflet.
   Inlined as a classic script into the single-file map (`learning-map map`), which opens from
   file:// where module imports are blocked. Text from data files reaches the page only through
   textContent, never as HTML.
   Every category is on at first; sites are drawn with the one symbol system's icons and
   clustered where they overlap (cluster.js); each category's walking area is an outline in its
   colour (no fill), so the basemap stays readable at street zoom. */

import { byId, detailLine, el, htmlFromText, safeColor } from "./dom.js";
import { gettext, ngettext } from "./catalogue.js";
import { siteName, translate } from "./i18n.js";
import { bytesFromBase64 } from "./basemap.js";
import { addBackground, createMap } from "./map.js";
import { categoryIcon, markerIcon, paintIcons } from "./icons.js";
import { createClusterLayer } from "./cluster.js";
import { siteDetails, siteTooltip } from "./sites.js";
import { searchRows } from "./search-fold.js";

const data = JSON.parse(byId("lm-data").textContent);
// The page is in one language (the export's): its words, and names (sites and basemap labels)
// in the script stored for it.
const LANG = data.lang || "zh-Hans";
const label = (key) => translate(LANG, key);
const nameOf = (site) => siteName(LANG, site);
const map = createMap("map", data.bounds, [
  { text: data.attribution, url: data.attribution_url },
  { text: data.tiles ? data.tiles_attribution : null },
]);
paintIcons(byId("legend"));
// On a phone the legend starts folded (its heading opens it): open, it would hide half the map.
if (window.matchMedia("(max-width: 600px)").matches) byId("lm-key").open = false;
// The basemap travels inside the page (base64 PMTiles): the file works with no network at all.
addBackground(map, {
  tilesUrl: data.tiles,
  basemap: data.basemap ? bytesFromBase64(data.basemap) : null,
  lang: LANG,
});

/** The popup of a site: name, category and details, all as text. */
function popup(site, category) {
  const box = el("div", null, "lm-popup");
  box.append(el("h3", nameOf(site) || category.label), detailLine(label("category"), category.label),
    ...siteDetails(site, label));
  return box;
}

/**
 * A category's walking area as one outline in its colour, no fill: seven categories' areas
 * overlap nearly everywhere in a city, and tints stacked seven deep hid the streets. Adult pace
 * solid, elderly pace (the smaller area inside) dashed and thinner.
 */
function areaOutline(area, color) {
  const elderly = area.pace === "elderly";
  return L.geoJSON(area.geometry, {
    interactive: false,
    style: { color, fill: false, weight: elderly ? 1.25 : 2, opacity: 0.85, dashArray: elderly ? "5 4" : null, lineJoin: "round" },
  });
}

const overlays = {};
const searchable = []; // every site with its category and marker (made on first use), for the search box
const categoryOf = new Map(); // a category's layer (its outline) -> its key
const shown = new Set(); // the categories on the map: every one at first
data.categories.forEach((category) => {
  const layer = L.layerGroup();
  const color = safeColor(category.color);
  for (const area of category.areas) areaOutline(area, color).addTo(layer);
  for (const site of category.sites) searchable.push({ site, category, marker: null });
  layer.addTo(map);
  shown.add(category.key);
  categoryOf.set(layer, category.key);
  overlays[htmlFromText(category.label)] = layer;
});
L.control.layers(null, overlays, { collapsed: true }).addTo(map);

/** Site `row`'s marker, made once: its category's icon, a tooltip and a popup. */
function markerOf(row) {
  const entry = searchable[row];
  if (!entry.marker) {
    const { site, category } = entry;
    entry.marker = L.marker([site.lat, site.lon], {
      icon: markerIcon(category.key, "", 22), keyboard: false, lmSite: true,
      // The symbol system's drawing order: later categories on top.
      zIndexOffset: 100 * categoryIcon(category.key).order,
    });
    entry.marker.bindTooltip(siteTooltip(nameOf(site) || category.label, category.label), { direction: "top", offset: [0, -10] });
    entry.marker.bindPopup(() => popup(site, category));
  }
  return entry.marker;
}

const clusters = createClusterLayer(map, {
  markerOf,
  title: (n) => ngettext("{n} site: zoom in", "{n} sites: zoom in", n, LANG).replace("{n}", String(n)),
});
const recluster = () => clusters.setPoints(searchable
  .map(({ site, category }, id) => ({ id, lat: site.lat, lon: site.lon, category: category.key }))
  .filter((point) => shown.has(point.category)));
recluster();
// A category switched off in the layer control takes its sites out of the clusters too.
map.on("overlayadd overlayremove", (e) => {
  const key = categoryOf.get(e.layer);
  if (key === undefined) return;
  if (e.type === "overlayadd") shown.add(key);
  else shown.delete(key);
  recluster();
});
// For tests and the browser console: how many sites are drawn alone and inside clusters.
window.learningSites = { total: searchable.length, counts: clusters.counts, reveal: (row) => clusters.reveal(row) };

// -- search: the server's folding (either script, pinyin, initials, address); a hit opens its popup
const hits = byId("lm-hits");
const shownNames = searchable.map(({ site }) => nameOf(site));
const layerOf = new Map([...categoryOf].map(([layer, key]) => [key, layer]));
function showHits(text) {
  hits.replaceChildren();
  if (!text.trim()) return;
  const rows = searchRows(data.search, text, shownNames).slice(0, 8);
  if (!rows.length) { hits.append(el("li", gettext("No site found", LANG))); return; }
  for (const row of rows) {
    const { site, category } = searchable[row];
    const button = el("button", `${nameOf(site) || category.label} · ${category.label}`);
    button.type = "button";
    button.addEventListener("click", () => {
      const layer = layerOf.get(category.key);
      if (!map.hasLayer(layer)) layer.addTo(map); // its category back on (overlayadd reclusters)
      clusters.reveal(row).openPopup();
    });
    const item = el("li");
    item.append(button);
    hits.append(item);
  }
}
byId("lm-search").addEventListener("submit", (e) => e.preventDefault());
byId("lm-q").addEventListener("input", (e) => showHits(e.target.value));
document.body.dataset.ready = "1";
