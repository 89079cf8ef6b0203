/* The Leaflet map both pages share: view, scale, attribution, tiles or the offline basemap.
   Leaflet (the global L) is loaded by its own classic script before the bundle. */

import { basemapLayer } from "./basemap.js";
import { el, linkOrText } from "./dom.js";

/**
 * The attribution line, built from text by the DOM. Leaflet's own control takes HTML strings;
 * this one takes {text, url} parts and links a part only when its url is http(s).
 */
const Attribution = L.Control.extend({
  options: { position: "bottomright" },
  initialize(parts, options) {
    L.setOptions(this, options);
    this.parts = parts;
  },
  onAdd() {
    const box = el("div", null, "leaflet-control-attribution");
    this.parts.forEach((part, i) => {
      if (i) box.append(document.createTextNode(" | "));
      box.append(part.url ? linkOrText(part.text, part.url) : document.createTextNode(part.text));
    });
    L.DomEvent.disableClickPropagation(box);
    return box;
  },
});

/**
 * A map fitted to bounds [west, south, east, north], with a scale bar and attribution parts.
 *
 * @param {string} id  the map element's id
 * @param {number[]} bounds
 * @param {{text: string, url?: string}[]} attribution
 */
export function createMap(id, bounds, attribution) {
  const [west, south, east, north] = bounds;
  const map = L.map(id, { preferCanvas: true, zoomControl: true, attributionControl: false });
  map.fitBounds([[south, west], [north, east]]);
  L.control.scale({ imperial: false }).addTo(map);
  new Attribution(attribution.filter((p) => p && p.text)).addTo(map);
  window.learningMap = map; // for tests and the browser console
  return map;
}

/** Online tiles (their attribution is in the attribution line, as text). */
export function tileLayer(url) {
  return L.tileLayer(url, { maxZoom: 19 });
}

/**
 * The map's background: online tiles when a URL is given, else the offline basemap; and the
 * basemap, once, when a tile fails to load (no network, or the tile server is down).
 *
 * @param {L.Map} map
 * @param {{tilesUrl?: string|null, basemap?: string|Uint8Array|null, lang: string}} options
 *   basemap: the archive's URL or bytes (null: the bundle has none, draw nothing)
 * @returns {{setLanguage(lang: string): void}} to relabel the basemap in another language
 */
export function addBackground(map, { tilesUrl, basemap, lang }) {
  let offline = null;
  let current = lang;
  const useBasemap = () => {
    if (offline || !basemap) return;
    offline = basemapLayer(basemap, current).addTo(map);
    offline.bringToBack();
    window.learningBasemap = offline; // for tests and the browser console
  };
  if (tilesUrl) tileLayer(tilesUrl).on("tileerror", useBasemap).addTo(map);
  else useBasemap();
  return {
    setLanguage(next) {
      current = next;
      if (offline) offline.setLanguage(next);
    },
  };
}

/** Bring bounds into view only when they are not already fully visible. */
export function showAll(map, bounds) {
  if (bounds.isValid() && !map.getBounds().contains(bounds)) {
    map.fitBounds(bounds, { padding: [20, 20], maxZoom: 17 });
  }
}
