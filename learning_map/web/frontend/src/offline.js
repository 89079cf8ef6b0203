/* learning-map offline map: reads the page's JSON data block and draws it with Leaflet.
   Inlined as a classic script into the single-file map (`learning-map map`), which opens from
   file:// where module imports are blocked. Text from data files reaches the page only through
   textContent, never as HTML. */

import { byId, detailLine, el, htmlFromText, paintSwatches, safeColor } from "./dom.js";
import { gettext } from "./catalogue.js";
import { siteName, translate } from "./i18n.js";
import { bytesFromBase64 } from "./basemap.js";
import { addBackground, createMap } from "./map.js";
import { siteDetails, siteMarker, siteTooltip } from "./sites.js";
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
paintSwatches(byId("legend"));
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

const overlays = {};
const searchable = []; // every site with its marker, for the search box
data.categories.forEach((category, index) => {
  const layer = L.layerGroup();
  const color = safeColor(category.color);
  for (const area of category.areas) {
    // Adult pace solid, elderly pace dashed (the smaller area inside).
    const elderly = area.pace === "elderly";
    L.geoJSON(area.geometry, {
      interactive: false,
      style: { color, weight: elderly ? 2 : 1, dashArray: elderly ? "6 4" : null, fillColor: color,
        fillOpacity: elderly ? 0.1 : 0.15 },
    }).addTo(layer);
  }
  for (const site of category.sites) {
    const marker = siteMarker(site.lat, site.lon, color, siteTooltip(nameOf(site) || category.label, category.label));
    marker.bindPopup(() => popup(site, category));
    marker.addTo(layer);
    searchable.push({ site, category, layer, marker });
  }
  // One category's areas at a time read clearly; the others are in the layer control.
  if (index === 0) layer.addTo(map);
  overlays[htmlFromText(category.label)] = layer;
});
L.control.layers(null, overlays, { collapsed: true }).addTo(map);

// -- search: the server's folding (either script, pinyin, initials, address); a hit opens its popup
const hits = byId("lm-hits");
const shownNames = searchable.map(({ site }) => nameOf(site));
function showHits(text) {
  hits.replaceChildren();
  if (!text.trim()) return;
  const found = searchRows(data.search, text, shownNames).slice(0, 8).map((row) => searchable[row]);
  if (!found.length) { hits.append(el("li", gettext("No site found", LANG))); return; }
  for (const { site, category, layer, marker } of found) {
    const button = el("button", `${nameOf(site) || category.label} · ${category.label}`);
    button.type = "button";
    button.addEventListener("click", () => {
      if (!map.hasLayer(layer)) layer.addTo(map);
      map.setView(marker.getLatLng(), 17);
      marker.openPopup();
    });
    const item = el("li");
    item.append(button);
    hits.append(item);
  }
}
byId("lm-search").addEventListener("submit", (e) => e.preventDefault());
byId("lm-q").addEventListener("input", (e) => showHits(e.target.value));
document.body.dataset.ready = "1";
