/* learning-map citizen page: builds the Leaflet map and calls the JSON API.
   Runs under a strict Content-Security-Policy (no inline script or style): settings come from
   the JSON in #lm-config, colours are set through element.style, and all text from data files
   goes through textContent (never parsed as HTML). */

import { createApi, isSuperseded } from "./api.js";
import { byId, el, paintSwatches } from "./dom.js";
import { applyLanguage, categoryLabel, translate } from "./i18n.js";
import { addBackground, createMap, showAll } from "./map.js";
import { reportControl } from "./report.js";
import { createSiteLayer, siteListItem } from "./sites.js";
import { minuteChoices, readState, writeURL } from "./state.js";

const cfg = JSON.parse(byId("lm-config").textContent);
const categoryInputs = Array.from(document.querySelectorAll("#categories input[type=checkbox]"));
const categories = categoryInputs.map((i) => i.value);
const state = readState(location.search, { bounds: cfg.bounds, maxMinutes: cfg.maxMinutes, categories });
const t = (key) => translate(state.lang, key);
const catLabel = (props) => categoryLabel(state.lang, props);
const saveURL = () => writeURL(state, categories);

const api = createApi();
const map = createMap("map", cfg.bounds, [
  { text: cfg.osmAttribution, url: cfg.osmAttributionUrl },
  { text: cfg.tilesAttribution },
]);
const layers = {
  area: L.layerGroup().addTo(map), route: L.layerGroup().addTo(map),
  here: L.layerGroup().addTo(map),
};
const message = byId("message");
const showError = (err) => { message.textContent = t("error") + err.message; };
const sites = createSiteLayer(map, api, catLabel, showError);
paintSwatches();

// -- background: tiles, or the bundle's basemap when there are none or they fail ----------------
const background = addBackground(map, { tilesUrl: cfg.tilesUrl, basemap: cfg.basemapUrl, lang: state.lang });

// -- results ----------------------------------------------------------------------------------
function renderResults() {
  const list = byId("results");
  list.replaceChildren();
  const data = state.last;
  if (!data) { message.textContent = ""; return; }
  const n = data.features.length;
  if (n) {
    message.textContent = t("found")(n, state.minutes);
  } else {
    const near = data.nearest_beyond;
    message.textContent = t("none")(state.minutes) + " " +
      (near ? t("nearest")(near.properties.name, near.properties.walk_minutes) : t("nothing"));
  }
  for (const f of data.features) {
    const item = siteListItem(f.properties, t, catLabel(f.properties), drawRoute);
    // 纠错: only when the server keeps a reports queue (admin enabled).
    if (cfg.reports) item.append(reportControl(f.properties, t, sendReport));
    list.append(item);
  }
}

/** A citizen's correction for the admin queue (POST /api/reports). */
const sendReport = (report) => api.post("/api/reports", report);

function drawHere() {
  layers.here.clearLayers();
  L.circleMarker([state.lat, state.lon], { radius: 9, color: "#000", weight: 3, fillColor: "#ffeb3b", fillOpacity: 1, lmHere: true })
    .bindTooltip(el("span", t("you"))).addTo(layers.here);
}

/** Ask what is reachable from the point; only the latest question's answer is shown. */
async function query() {
  if (state.lon == null) return;
  drawHere();
  const cats = categories.filter((c) => state.cats.has(c));
  if (!cats.length) { // no category ticked: nothing to list (an empty filter would mean "all")
    api.cancel("reachable");
    state.last = { features: [], nearest_beyond: null };
    layers.area.clearLayers();
    renderResults();
    document.body.dataset.state = "results";
    return;
  }
  try {
    const data = await api.get("/api/reachable", {
      lon: state.lon, lat: state.lat, minutes: state.minutes, pace: state.pace, category: cats.join(","),
    }, "reachable");
    state.last = data;
    layers.area.clearLayers();
    if (data.isochrone && data.isochrone.geometry) {
      const area = L.geoJSON(data.isochrone, {
        interactive: false, style: { color: "#1565c0", weight: 2, fillColor: "#42a5f5", fillOpacity: 0.25 },
      }).addTo(layers.area);
      showAll(map, area.getBounds());
    }
    renderResults();
    document.body.dataset.state = "results";
    if (state.site) drawRoute(state.site);
  } catch (err) {
    if (isSuperseded(err)) return;
    state.last = null;
    layers.area.clearLayers();
    renderResults();
    showError(err);
    document.body.dataset.state = "error";
  }
}

async function drawRoute(siteId) {
  if (state.lon == null) return;
  try {
    const route = await api.get("/api/route", {
      from_lon: state.lon, from_lat: state.lat, site_id: siteId, pace: state.pace,
    }, "route");
    state.site = siteId;
    saveURL();
    layers.route.clearLayers();
    const line = L.geoJSON(route, { style: { color: "#d81b60", weight: 6, opacity: 0.9 } }).addTo(layers.route);
    showAll(map, line.getBounds());
    message.textContent = t("route_to")(route.properties.name, route.properties.walk_minutes);
    document.body.dataset.state = "route";
  } catch (err) {
    if (!isSuperseded(err)) showError(err);
  }
}

/** A new point: the route shown belongs to the old one. */
function clearRoute() {
  api.cancel("route");
  layers.route.clearLayers();
  state.site = null;
}

function setPoint(lat, lon) {
  state.lat = lat;
  state.lon = lon;
  clearRoute();
  saveURL();
  query();
}

// -- search -----------------------------------------------------------------------------------
async function search(text) {
  const box = byId("search-results");
  if (!text.trim()) {
    api.cancel("search");
    box.replaceChildren();
    return;
  }
  try {
    const data = await api.get("/api/search", { q: text }, "search");
    box.replaceChildren();
    if (!data.results.length) { box.append(el("li", t("no_match"))); return; }
    for (const r of data.results) {
      const li = el("li");
      const b = el("button", r.name);
      b.type = "button";
      b.addEventListener("click", () => { box.replaceChildren(); map.setView([r.lat, r.lon], 16); setPoint(r.lat, r.lon); });
      li.append(b);
      box.append(li);
    }
  } catch (err) {
    if (isSuperseded(err)) return;
    box.replaceChildren(el("li", t("error") + err.message));
  }
}

// -- controls: filled from the state, each change updates the state, the URL once, the map ----
const minutesSelect = byId("minutes");
minutesSelect.replaceChildren(...minuteChoices(cfg.maxMinutes, state.minutes).map((m) => {
  const option = el("option", m);
  option.value = m;
  return option;
}));
minutesSelect.value = state.minutes;
byId("pace").value = state.pace;
categoryInputs.forEach((i) => { i.checked = state.cats.has(i.value); });

map.on("click", (e) => setPoint(e.latlng.lat, e.latlng.lng));
minutesSelect.addEventListener("change", () => { state.minutes = minutesSelect.value; saveURL(); query(); });
byId("pace").addEventListener("change", (e) => { state.pace = e.target.value; saveURL(); query(); });
byId("categories").addEventListener("change", () => {
  state.cats = new Set(categoryInputs.filter((i) => i.checked).map((i) => i.value));
  saveURL();
  sites.draw(categories.filter((c) => state.cats.has(c)));
  query();
});
byId("lang").addEventListener("click", () => {
  state.lang = state.lang === "zh" ? "en" : "zh";
  saveURL();
  applyLanguage(state.lang);
  sites.relabel();
  background.setLanguage(state.lang);
  renderResults();
});
byId("search-form").addEventListener("submit", (e) => { e.preventDefault(); search(byId("search").value); });
byId("locate").addEventListener("click", () => {
  if (!navigator.geolocation) return;
  message.textContent = t("locating");
  navigator.geolocation.getCurrentPosition(
    (pos) => { map.setView([pos.coords.latitude, pos.coords.longitude], 16); setPoint(pos.coords.latitude, pos.coords.longitude); },
    (err) => showError(err),
  );
});

// -- restore the shared view (the URL is corrected if it held invalid values) -----------------
saveURL();
applyLanguage(state.lang);
sites.draw(categories.filter((c) => state.cats.has(c)));
if (state.lon != null) {
  map.setView([state.lat, state.lon], 15);
  query();
}
document.body.dataset.ready = "1";
