/* learning-map offline map: reads the page's JSON data block and draws it with Leaflet.
   Inlined as a classic script into the single-file map (`learning-map map`), which opens from
   file:// where module imports are blocked. Text from data files reaches the page only through
   textContent, never as HTML. */

import { byId, detailLine, el, htmlFromText, paintSwatches, safeColor } from "./dom.js";
import { bilingual } from "./i18n.js";
import { bytesFromBase64 } from "./basemap.js";
import { addBackground, createMap } from "./map.js";
import { siteDetails, siteMarker, siteTooltip } from "./sites.js";

const data = JSON.parse(byId("lm-data").textContent);
const map = createMap("map", data.bounds, [
  { text: data.attribution, url: data.attribution_url },
  { text: data.tiles ? data.tiles_attribution : null },
]);
paintSwatches(byId("legend"));
// The basemap travels inside the page (base64 PMTiles): the file works with no network at all.
addBackground(map, {
  tilesUrl: data.tiles,
  basemap: data.basemap ? bytesFromBase64(data.basemap) : null,
  lang: "zh",
});

/** The popup of a site: name, category and details, all as text. */
function popup(site, category) {
  const box = el("div", null, "lm-popup");
  const both = `${category.zh} / ${category.en}`;
  box.append(el("h3", site.name || both), detailLine(bilingual("category"), both), ...siteDetails(site, bilingual));
  return box;
}

const overlays = {};
data.categories.forEach((category, index) => {
  const layer = L.layerGroup();
  const color = safeColor(category.color);
  for (const area of category.areas) {
    L.geoJSON(area.geometry, {
      interactive: false,
      style: { color, weight: 1, fillColor: color, fillOpacity: 0.15 },
    }).addTo(layer);
  }
  for (const site of category.sites) {
    const marker = siteMarker(site.lat, site.lon, color, siteTooltip(site.name || category.zh, category.zh));
    marker.bindPopup(() => popup(site, category));
    marker.addTo(layer);
  }
  // One category's areas at a time read clearly; the others are in the layer control.
  if (index === 0) layer.addTo(map);
  overlays[htmlFromText(`${category.zh} / ${category.en}`)] = layer;
});
L.control.layers(null, overlays, { collapsed: true }).addTo(map);
document.body.dataset.ready = "1";
