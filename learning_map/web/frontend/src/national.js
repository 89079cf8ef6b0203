/* The national page (learning-map serve national/): an overview map of the cities' boxes on a
   plain background (no tiles: nothing leaves the server). A click on a city, anywhere on the
   map, or "use my location" asks /api/locate which city holds the point and opens its map.
   Data comes only from the JSON in #lm-national; names are shown with textContent. */

import { gettext } from "./catalogue.js";
import { byId, el } from "./dom.js";

const cfg = JSON.parse(byId("lm-national").textContent);
const status = byId("locate-status");
const lang = document.documentElement.lang;
const COLORS = { done: "#0b5cad", failed: "#8a8a8a", pending: "#b58a00" };

const map = L.map("national-map", { zoomControl: true, attributionControl: false, zoomSnap: 0.25 });
window.learningMap = map; // for tests and the browser console
L.control.scale({ imperial: false }).addTo(map);

/**
 * A graticule under the cities: there are no tiles, so these lines (every 1, 2, 5, 10 or 30
 * degrees, whichever gives a handful across the cities) give the map its sense of place.
 */
function drawGraticule(bounds) {
  const span = Math.max(bounds.getEast() - bounds.getWest(), bounds.getNorth() - bounds.getSouth(), 0.5);
  const step = [1, 2, 5, 10, 30].find((s) => span / s <= 8) || 30;
  const line = { color: "#9fb3c8", weight: 1, opacity: 0.8, interactive: false };
  for (let lon = -180; lon <= 180; lon += step) L.polyline([[-85, lon], [85, lon]], line).addTo(map);
  for (let lat = -80; lat <= 80; lat += step) L.polyline([[lat, -180], [lat, 180]], line).addTo(map);
}

/** A city's box and point, labelled with its name; a click opens it when it can be opened. */
function drawCity(city) {
  const [west, south, east, north] = city.bbox;
  const color = COLORS[city.status] || COLORS.pending;
  const open = () => { if (city.url) window.location.assign(city.url); };
  const rect = L.rectangle([[south, west], [north, east]], {
    color, weight: 2, fillOpacity: city.url ? 0.18 : 0.06, dashArray: city.url ? null : "6 4",
  }).addTo(map);
  // A point as well: a city is a speck on a country-wide view.
  const dot = L.circleMarker([(south + north) / 2, (west + east) / 2], {
    radius: city.url ? 8 : 5, color: "#fff", weight: 2, fillColor: color, fillOpacity: 1,
  }).addTo(map);
  dot.bindTooltip(el("span", city.name), {
    permanent: true, direction: city.url ? "right" : "left",
    className: city.url ? "city-label" : "city-label city-label-off",
  });
  for (const layer of [rect, dot]) layer.on("click", (e) => { L.DomEvent.stop(e); open(); });
  dot.on("mouseover", () => { dot.getTooltip().getElement().style.visibility = ""; });
  return dot;
}

const boxes = cfg.cities.filter((c) => Array.isArray(c.bbox));
if (boxes.length) {
  const all = L.latLngBounds(boxes.map((c) => [[c.bbox[1], c.bbox[0]], [c.bbox[3], c.bbox[2]]]).flat());
  // Room for the labels: cities that open are labelled to the right, the others to the left.
  map.fitBounds(all, { paddingTopLeft: [110, 30], paddingBottomRight: [150, 30] });
  drawGraticule(all);
} else {
  map.setView([35, 105], 4);
}
// Cities that cannot be opened first, so the ones that can sit on top.
const drawn = [...boxes.filter((c) => !c.url), ...boxes.filter((c) => c.url)].map(drawCity);

/**
 * Districts of one city sit close together: a label that would cover one already shown is
 * hidden until a closer zoom leaves room for it (cities that open are placed first; every
 * name is in the list beside the map, and a hidden label shows while its point is hovered).
 */
function declutterLabels() {
  const shown = [];
  for (const dot of [...drawn].reverse()) {
    const label = dot.getTooltip().getElement();
    if (!label) continue;
    label.style.visibility = "";
    const box = label.getBoundingClientRect();
    const covers = shown.some((o) => box.left < o.right && box.right > o.left
      && box.top < o.bottom && box.bottom > o.top);
    if (covers) label.style.visibility = "hidden";
    else shown.push(box);
  }
}
map.on("zoomend moveend", declutterLabels);
declutterLabels();

/** Open the city whose box holds (lon, lat), or say that none does. */
async function openCityAt(lon, lat) {
  status.textContent = gettext("Finding the city…", lang);
  const query = new URLSearchParams({ lon: lon.toFixed(6), lat: lat.toFixed(6), lang });
  try {
    const response = await fetch(`${cfg.locateUrl}?${query}`, { headers: { Accept: "application/json" } });
    const body = await response.json();
    if (!response.ok) {
      status.textContent = body && body.error ? body.error.message : `HTTP ${response.status}`;
      return;
    }
    status.textContent = `${body.name} …`;
    window.location.assign(body.url);
  } catch (err) {
    status.textContent = gettext("Error: {message}", lang).replace("{message}", err.message);
  }
}

map.on("click", (e) => openCityAt(e.latlng.lng, e.latlng.lat));
byId("locate-me").addEventListener("click", () => {
  if (!navigator.geolocation) {
    status.textContent = gettext("This browser cannot locate you", lang);
    return;
  }
  status.textContent = gettext("Locating…", lang);
  navigator.geolocation.getCurrentPosition(
    (pos) => openCityAt(pos.coords.longitude, pos.coords.latitude),
    () => { status.textContent = gettext("Location unavailable: click the map instead", lang); },
    { enableHighAccuracy: false, timeout: 10000 },
  );
});
