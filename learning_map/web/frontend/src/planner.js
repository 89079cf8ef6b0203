/* learning-map planner page (/planner): a Leaflet map with a choropleth of the share of residents
   within the walk per reporting unit, gap areas, recommended sites, a what-if mode, the standards
   scorecard and downloads. Every figure comes from /api/planner/... (the planning core on the
   server). The what-if (proposed and closed sites) lives only here, in the browser, and is sent
   with each request; the server never stores it.
   Runs under the app's strict CSP: settings come from the JSON in #lm-config, colours are set
   through element.style or Leaflet options, and all data text goes through textContent. The
   choropleth is Leaflet GeoJSON drawn from our own bundle, not folium (whose branca templates
   would render data as Jinja). */

import { createApi, isSuperseded } from "./api.js";
import { byId, el, htmlFromText, linkOrText } from "./dom.js";
import { addBackground } from "./map.js";
import { iconSvg } from "./icons.js";
import {
  SHARE_CLASSES, applyPlannerLanguage, plannerText, shareColor, whatIfParams,
} from "./planner-i18n.js";

const cfg = JSON.parse(byId("lm-config").textContent);
const categoryInfo = Object.fromEntries(cfg.categories.map((c) => [c.key, c]));
const query = new URLSearchParams(location.search);
const pick = (name, allowed, fallback) => (allowed.includes(query.get(name)) ? query.get(name) : fallback);

const state = {
  // The page's locale (zh_Hans, zh_Hant, en, pt): the server chose it (?lang=, the browser's, the city's script).
  lang: cfg.lang,
  category: pick("category", ["all", ...Object.keys(categoryInfo)], "all"),
  minutes: pick("minutes", cfg.minutes.map(String), "15"),
  pace: pick("pace", ["adult", "elderly"], "adult"),
  profile: pick("profile", ["walk", "step-free"], "walk"),
  who: pick("who", ["residents", "elderly"], "residents"),
  standard: pick("standard", cfg.standards.map((s) => s.key), cfg.standards[0] ? cfg.standards[0].key : ""),
  k: pick("k", Array.from({ length: cfg.maxK }, (_, i) => String(i + 1)), "5"),
  filter: "city", // the scorecard opens on its headline rows; "all" lists every unit
  whatif: false,
  adds: [], // {lon, lat, category}
  closes: [], // site ids
  figures: null, gaps: null, picks: null, checks: null,
};
const t = (key) => plannerText(state.lang, key);
const api = createApi();
const tag = () => state.lang.replace("_", "-"); // the BCP 47 tag of the page's locale
const numberFormat = () => new Intl.NumberFormat(tag(), { maximumFractionDigits: 0 });
const fmt = (n) => (n == null ? "—" : numberFormat().format(n));
const pct = (x) => (x == null ? "—" : new Intl.NumberFormat(tag(), { style: "percent", minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x));
const catName = (key) => (key === "all" ? t("all_sites") : (categoryInfo[key] ? categoryInfo[key].labels[state.lang] : key));
// The words about residents or elderly residents (a gap's or a pick's weight, "elderly" or "population").
const whoKey = (base, weight) => `${base}_${weight === "elderly" ? "elderly" : "residents"}`;

// -- the map: the bundle's offline basemap as the background, vectors in SVG so tests can see them --
const [west, south, east, north] = cfg.bounds;
const map = L.map("map", { zoomControl: true, attributionControl: false, boxZoom: false, zoomSnap: 0.25 });
map.fitBounds([[south, west], [north, east]]);
window.plannerMap = map; // for tests and the browser console
L.control.scale({ imperial: false }).addTo(map);
const Attribution = L.Control.extend({
  options: { position: "bottomright" },
  onAdd() {
    const box = el("div", null, "leaflet-control-attribution");
    box.append(linkOrText(cfg.osmAttribution, cfg.osmAttributionUrl));
    if (cfg.tilesAttribution) box.append(document.createTextNode(" | " + cfg.tilesAttribution));
    return box;
  },
});
new Attribution().addTo(map);

map.createPane("units").style.zIndex = 350;
map.createPane("gaps").style.zIndex = 420;
map.createPane("sites").style.zIndex = 640;
const layers = {
  units: L.geoJSON(null, { pane: "units", style: unitStyle, onEachFeature: unitTooltip }).addTo(map),
  gaps: L.geoJSON(null, {
    pane: "gaps",
    style: () => ({ color: "#7a0019", weight: 1, dashArray: "3 3", fillColor: "#d7301f", fillOpacity: 0.16, className: "planner-gap" }),
    onEachFeature: (f, layer) => layer.bindTooltip(gapSummary(f.properties)),
  }).addTo(map),
  sites: L.layerGroup().addTo(map),
  picks: L.layerGroup().addTo(map),
};
const overlays = L.control.layers(null, {}, { collapsed: false, position: "topright" }).addTo(map);

function labelOverlays() {
  const named = [["units", "layer_units"], ["gaps", "layer_gap_areas"], ["sites", "layer_sites_map"], ["picks", "layer_picks_map"]];
  for (const [key, name] of named.filter(([key]) => key !== "units" || cfg.hasUnits)) {
    overlays.removeLayer(layers[key]);
    overlays.addOverlay(layers[key], htmlFromText(t(name)));
  }
}

// Online tiles when configured, else (and when they fail) the bundle's offline basemap.
const background = addBackground(map, { tilesUrl: cfg.tilesUrl, basemap: cfg.basemapUrl, lang: tag() });

// -- the choropleth -----------------------------------------------------------------------
function unitFigures(name) {
  const rows = state.figures && state.figures.units;
  return rows ? rows.find((r) => r.unit === name) : null;
}

function unitShare(name) {
  const row = unitFigures(name);
  if (!row) return null;
  return state.who === "elderly" ? row.elderly_share : row.residents_share;
}

function unitStyle(feature) {
  return {
    color: "#ffffff", weight: 1.2, opacity: 1, fillOpacity: 0.62,
    fillColor: shareColor(unitShare(feature.properties.unit)), className: "planner-unit",
  };
}

function unitTooltip(feature, layer) {
  layer.bindTooltip(() => {
    const name = feature.properties.unit;
    const row = unitFigures(name);
    const box = el("div", null, "unit-tip");
    box.append(el("strong", name));
    if (!row) { box.append(el("div", t("no_residents"))); return box; }
    box.append(el("div", `${t("row_residents")}: ${fmt(row.residents_covered)} / ${fmt(row.residents)} · ${pct(row.residents_share)}`));
    if (row.elderly != null) {
      box.append(el("div", `${t("row_elderly")}: ${fmt(row.elderly_covered)} / ${fmt(row.elderly)} · ${pct(row.elderly_share)}`));
    }
    return box;
  }, { sticky: true });
}

const Legend = L.Control.extend({
  options: { position: "bottomleft" },
  onAdd() { this.box = el("div", null, "legend"); L.DomEvent.disableClickPropagation(this.box); return this.box; },
  render() {
    const box = this.box;
    box.replaceChildren();
    if (cfg.hasUnits) {
      box.append(el("div", t("legend")(state.who === "elderly" ? t("who_elderly") : t("who_residents"), state.minutes), "legend-title"));
    }
    const swatch = (color, text, extra) => {
      const row = el("div", null, "legend-row");
      const s = el("span", null, "legend-swatch" + (extra ? " " + extra : ""));
      s.style.backgroundColor = color;
      row.append(s, el("span", text));
      box.append(row);
    };
    if (cfg.hasUnits) {
      for (const c of SHARE_CLASSES) swatch(c.color, c.label);
      swatch("#d9d9d9", t("no_residents"));
    }
    // The sites' symbols: the one symbol system's icons, as on the citizen map and in print.
    for (const c of cfg.categories.filter((c) => presentCategories.has(c.key))) {
      const row = el("div", null, "legend-row legend-category");
      row.append(iconSvg(c.key, 14), el("span", catName(c.key)));
      box.append(row);
    }
    swatch("rgba(215,48,31,0.35)", t("layer_gap_areas"), "gap");
    swatch("#1d2733", t("layer_picks_map"), "round pick");
    swatch("#ffffff", t("proposed"), "round proposed");
    swatch("#ffffff", t("closed_site"), "round closed");
  },
});
const legend = new Legend().addTo(map);

function loadUnits() {
  if (!cfg.hasUnits) return;
  api.get("/api/planner/units", {}, "units").then((geojson) => {
    layers.units.addData(geojson);
    layers.units.setStyle(unitStyle);
    map.fitBounds(layers.units.getBounds(), { padding: [10, 10] }); // the units, not the whole network
  }).catch(showError);
}

// -- sites: existing (click to close in what-if mode), proposed, recommended ----------------------
let allSites = [];
let presentCategories = new Set(); // the categories the city has sites of (the legend lists them)

/**
 * An existing site's marker: its category's icon (icons.js, from the one symbol system); a site
 * closed in the what-if keeps its shape, hollow with a red dashed outline. The icon's path
 * carries the class planner-site (and closed), so tests find the sites and the closed ones.
 */
function siteMarkerIcon(category, closed) {
  const svg = iconSvg(category, closed ? 18 : 16);
  const path = svg.querySelector("path");
  path.setAttribute("class", closed ? "planner-site closed" : "planner-site");
  if (closed) {
    path.setAttribute("fill", "#ffffff");
    path.setAttribute("stroke", "#b2182b");
    path.setAttribute("stroke-width", "2.6");
    path.setAttribute("stroke-dasharray", "3 2");
  }
  const holder = el("div");
  holder.append(svg);
  const box = closed ? 18 : 16;
  return L.divIcon({ html: holder, className: "planner-icon planner-site-icon", iconSize: [box, box], iconAnchor: [box / 2, box / 2] });
}

function siteIcon(className, text) {
  const box = el("div", text, className);
  return L.divIcon({ html: box, className: "planner-icon", iconSize: null });
}

function drawSites() {
  layers.sites.clearLayers();
  const shown = allSites.filter((f) => state.category === "all" || f.properties.category === state.category);
  for (const f of shown) {
    const p = f.properties;
    const [lon, lat] = f.geometry.coordinates;
    const closed = state.closes.includes(p.site_id);
    const marker = L.marker([lat, lon], {
      pane: "sites", icon: siteMarkerIcon(p.category, closed), keyboard: false,
      className: closed ? "planner-site closed" : "planner-site", // (a mark for tests; Leaflet ignores it)
    });
    marker.bindTooltip(() => {
      const box = el("div");
      box.append(el("strong", p.name), el("div", catName(p.category)));
      if (closed) box.append(el("div", t("closed_site"), "warn"));
      return box;
    });
    marker.on("click", (e) => {
      L.DomEvent.stopPropagation(e);
      if (!state.whatif) return;
      if (!closed && state.closes.length >= cfg.maxCloses) {
        showMessage(t("too_many_closed")(cfg.maxCloses));
        return;
      }
      state.closes = closed ? state.closes.filter((id) => id !== p.site_id) : [...state.closes, p.site_id];
      changed();
    });
    marker.addTo(layers.sites);
  }
  state.adds.forEach((a, i) => {
    // The proposed site's category icon in a dashed ring: a proposed library reads as a library.
    const ring = el("div", null, "proposed-icon");
    ring.append(iconSvg(a.category, 14));
    const marker = L.marker([a.lat, a.lon], {
      pane: "sites", icon: L.divIcon({ html: ring, className: "planner-icon", iconSize: null }), keyboard: false,
    });
    marker.bindTooltip(el("div", `${t("proposed")} ${i + 1} · ${catName(a.category)}`));
    marker.on("click", (e) => {
      L.DomEvent.stopPropagation(e);
      if (!state.whatif) return;
      state.adds = state.adds.filter((_, j) => j !== i);
      changed();
    });
    marker.addTo(layers.sites);
  });
}

function drawPicks() {
  layers.picks.clearLayers();
  const data = state.picks;
  if (!data) return;
  for (const p of data.picks) {
    const marker = L.marker([p.lat, p.lon], { icon: siteIcon("pick-icon", String(p.rank)), keyboard: false });
    marker.bindTooltip(el("div", `${t("pick")(p.rank)} · ${t(whoKey("pick_line", data.weight))(p.added, fmt(p.added), pct(p.cumulative_share))}`));
    marker.on("click", (e) => {
      L.DomEvent.stopPropagation(e);
      if (state.whatif) propose(p.lon, p.lat);
    });
    marker.addTo(layers.picks);
  }
}

map.on("click", (e) => {
  if (!state.whatif) return;
  propose(e.latlng.lng, e.latlng.lat);
});

function propose(lon, lat) {
  if (state.adds.length >= cfg.maxAdds) { showMessage(t("too_many")(cfg.maxAdds)); return; }
  const category = state.category === "all" ? byId("add-category").value : state.category;
  state.adds = [...state.adds, { lon, lat, category }];
  changed();
}

// -- requests -------------------------------------------------------------------------------
function params(extra = {}) {
  const q = new URLSearchParams({
    category: state.category, minutes: state.minutes, pace: state.pace, profile: state.profile, lang: state.lang, ...extra,
  });
  return whatIfParams(q, state.adds, state.closes);
}

async function getJSON(path, extra, key) {
  return api.get(`${path}?${params(extra).toString()}`, null, key);
}

const status = byId("status");
function showMessage(text) { status.textContent = text; status.dataset.state = "message"; }
function showError(err) {
  if (isSuperseded(err)) return;
  status.textContent = t("error")(err.message);
  status.dataset.state = "error";
}

let generation = 0;
let lastUpdateMs = null;
let note = ""; // shown beside the next "updated" (e.g. why a proposed site was dropped)
function refresh() {
  const mine = ++generation;
  const started = performance.now();
  status.textContent = t("updating");
  status.dataset.state = "busy";
  const figures = getJSON("/api/planner/figures", {}, "figures").then((data) => {
    state.figures = data;
    renderTotals();
    layers.units.setStyle(unitStyle);
    if (mine === generation) {
      lastUpdateMs = Math.round(performance.now() - started);
      status.textContent = t("updated")(lastUpdateMs) + (note ? ` · ${note}` : "");
      note = "";
      status.dataset.state = "ready";
      document.body.dataset.figures = String(mine); // tests wait for this
    }
  });
  const gaps = getJSON("/api/planner/gaps", {}, "gaps").then((data) => { state.gaps = data; renderGaps(); });
  byId("picks").classList.add("stale");
  const picks = getJSON("/api/planner/recommend", { k: state.k }, "picks").then((data) => { state.picks = data; renderPicks(); });
  const checks = cfg.hasUnits
    ? getJSON("/api/planner/scorecard", { standard: state.standard }, "scorecard").then((data) => { state.checks = data; renderChecks(); })
    : Promise.resolve();
  Promise.all([figures, gaps, picks, checks]).catch((err) => {
    if (isSuperseded(err)) return;
    showError(err);
    // A proposed site off every street (a 404 naming "add") is dropped again, and said so.
    if (err.status === 404 && /^add/.test(err.message) && state.adds.length) {
      note = status.textContent;
      state.adds = state.adds.slice(0, -1);
      changed();
    }
  });
  renderDownloads();
}

function changed() {
  drawSites();
  renderChanges();
  refresh();
}

// -- panels --------------------------------------------------------------------------------
function renderTotals() {
  const body = byId("totals-body");
  body.replaceChildren();
  const data = state.figures;
  if (!data) return;
  const lines = [["residents", "residents_covered", "residents_share"]];
  if (data.city.elderly != null) lines.push(["elderly", "elderly_covered", "elderly_share"]);
  for (const [who, covered, share] of lines) {
    const before = data.baseline[share];
    const after = data.city[share];
    const diff = data.city[covered] - data.baseline[covered];
    const row = el("tr");
    row.append(el("th", t(`row_${who}`)));
    row.append(el("td", pct(before), "num"));
    const now = el("td", pct(after), "num strong");
    now.dataset.testid = `share-${who}`;
    row.append(now);
    const delta = el("td", (diff > 0 ? "+" : diff < 0 ? "−" : "±") + fmt(Math.abs(diff)), "num delta" + (diff > 0 ? " up" : diff < 0 ? " down" : ""));
    delta.dataset.testid = `delta-${who}`;
    row.append(delta);
    body.append(row);
    const sub = el("tr", null, "sub");
    sub.append(el("td"), el("td", fmt(data.baseline[covered]), "num"), el("td", fmt(data.city[covered]), "num"), el("td", `/ ${fmt(data.city[who])}`, "num"));
    body.append(sub);
  }
}

function renderChanges() {
  const list = byId("changes");
  list.replaceChildren();
  if (!state.adds.length && !state.closes.length) { list.append(el("li", t("no_changes"), "empty")); return; }
  const byId_ = Object.fromEntries(allSites.map((f) => [f.properties.site_id, f.properties]));
  state.adds.forEach((a, i) => {
    const item = el("li", null, "add");
    item.append(el("span", t("added")(`${catName(a.category)} ${i + 1}`, a.lon.toFixed(5), a.lat.toFixed(5))));
    const undo = el("button", t("remove"), "small");
    undo.type = "button";
    undo.addEventListener("click", () => { state.adds = state.adds.filter((_, j) => j !== i); changed(); });
    item.append(undo);
    list.append(item);
  });
  for (const id of state.closes) {
    const item = el("li", null, "close");
    item.append(el("span", t("closed")(byId_[id] ? byId_[id].name : id)));
    const undo = el("button", t("remove"), "small");
    undo.type = "button";
    undo.addEventListener("click", () => { state.closes = state.closes.filter((c) => c !== id); changed(); });
    item.append(undo);
    list.append(item);
  }
}

function renderPicks() {
  const list = byId("picks");
  list.replaceChildren();
  list.classList.remove("stale");
  drawPicks();
  const data = state.picks;
  if (!data) return;
  byId("picks-note").textContent = `${catName(state.category)} · ${state.minutes} ${t("min")} · ${t("share_of")(pct(data.total ? data.covered_before / data.total : 0))}`;
  if (!data.picks.length) { list.append(el("li", t("no_picks"), "empty")); return; }
  for (const p of data.picks) {
    const item = el("li");
    item.append(el("span", t(whoKey("pick_line", data.weight))(p.added, fmt(p.added), pct(p.cumulative_share))));
    const adopt = el("button", t("add_pick"), "small");
    adopt.type = "button";
    adopt.addEventListener("click", () => propose(p.lon, p.lat));
    item.append(adopt);
    item.addEventListener("mouseenter", () => map.panTo([p.lat, p.lon], { animate: false }));
    list.append(item);
  }
}

function gapSummary(p) {
  const box = el("div");
  const weight = state.gaps ? state.gaps.weight : "population";
  const one = (x) => new Intl.NumberFormat(tag(), { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(x);
  box.append(el("strong", `#${p.rank}`), el("div", t(whoKey("gap_line", weight))(p.weight, fmt(p.weight), one(p.area_m2 / 10000))));
  box.append(el("div", p.nearest_minutes == null ? t("gap_nearest_none") : t("gap_nearest")(p.nearest_site_name, one(p.nearest_minutes))));
  return box;
}

const GAPS_LISTED = 8;
function renderGaps() {
  const list = byId("gaps");
  list.replaceChildren();
  layers.gaps.clearLayers();
  const data = state.gaps;
  if (!data) return;
  layers.gaps.addData(data);
  byId("gaps-note").textContent = t(whoKey("uncovered", data.weight))(data.uncovered, fmt(data.uncovered));
  if (!data.features.length) { list.append(el("li", t("no_gaps"), "empty")); return; }
  for (const f of data.features.slice(0, GAPS_LISTED)) {
    const item = el("li");
    item.append(gapSummary(f.properties));
    item.addEventListener("click", () => {
      const layer = layers.gaps.getLayers().find((l) => l.feature === f);
      if (layer) map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [30, 30] });
    });
    list.append(item);
  }
  if (data.features.length > GAPS_LISTED) list.append(el("li", t("more_gaps")(data.features.length - GAPS_LISTED), "empty"));
}

function checkValue(row) {
  if (row.value == null) return "—";
  const count = row.kind === "presence" && row.unit !== state.checks.city_total && row.level !== "city";
  return count ? fmt(row.value) : pct(row.value);
}

function renderChecks() {
  const body = byId("checks");
  body.replaceChildren();
  const data = state.checks;
  if (!data) return;
  const rows = data.checks.filter((r) => {
    if (state.filter === "city") return r.unit === data.city_total;
    if (state.filter === "fail") return r.pass === false;
    return true;
  });
  const judged = data.checks.filter((r) => r.pass != null);
  byId("checks-summary").textContent = t("checks_summary")(judged.filter((r) => r.pass).length, judged.length);
  for (const r of rows) {
    const tr = el("tr", null, r.unit === data.city_total ? "city" : "");
    // The rule's title and the standard's own words (its clause), in full: they wrap, never cut.
    const rule = el("td", null, "rule");
    rule.append(el("div", r.title, "rule-title"));
    if (r.description) rule.append(el("div", r.description, "rule-source"));
    const metres = r.kind === "walking" && r.pace == null && r.limit != null;
    const pace = r.pace === "adult" ? t("pace_adult") : r.pace === "elderly" ? t("pace_elderly") : (metres ? t("metres") : "—");
    const verdict = r.pass == null ? el("td", t("na"), "verdict na") : el("td", r.pass ? t("pass") : t("fail"), r.pass ? "verdict pass" : "verdict fail");
    tr.append(rule, el("td", r.unit == null ? "—" : r.unit), el("td", pace), el("td", r.limit == null ? (r.note || "—") : r.limit),
      el("td", checkValue(r), "num"), el("td", r.kind === "presence" && r.unit !== data.city_total ? `≥ ${fmt(r.count)}` : pct(r.required), "num"), verdict);
    body.append(tr);
  }
}

const LAYER_KEYS = ["figures", "gaps", "picks", "scorecard", "sites"];
function renderDownloads() {
  const list = byId("downloads");
  list.replaceChildren();
  for (const layer of LAYER_KEYS) {
    if (layer === "scorecard" && !cfg.hasUnits) continue;
    const item = el("li");
    item.append(el("span", t(`layer_${layer}`), "dl-name"));
    for (const format of ["csv", "gpkg"]) {
      const q = params({ k: state.k, standard: state.standard, layer, format });
      const url = new URL(`/api/planner/download?${q.toString()}`, location.href).href;
      const link = linkOrText(format === "csv" ? "CSV" : "GeoPackage", url);
      link.removeAttribute("target");
      link.download = "";
      link.className = "dl";
      link.dataset.layer = layer;
      link.dataset.format = format;
      item.append(link);
    }
    list.append(item);
  }
}

// -- controls, language, URL ---------------------------------------------------------------------
function writeURL() {
  const q = new URLSearchParams({
    lang: state.lang, category: state.category, minutes: state.minutes, pace: state.pace, profile: state.profile,
    who: state.who, standard: state.standard, k: state.k,
  });
  history.replaceState(null, "", `${location.pathname}?${q.toString()}`);
}

function renderWhatIfMode() {
  const button = byId("whatif-toggle");
  button.textContent = t(state.whatif ? "whatif_on" : "whatif_off");
  button.setAttribute("aria-pressed", String(state.whatif));
  button.classList.toggle("on", state.whatif);
  byId("whatif-hint").textContent = t(state.whatif ? "whatif_hint_on" : "whatif_hint_off");
  byId("map").classList.toggle("whatif", state.whatif);
  byId("add-category").disabled = state.category !== "all";
  if (state.category !== "all") byId("add-category").value = state.category;
}

function renderAll() {
  applyPlannerLanguage(state.lang, cfg);
  document.title = `${cfg.cityNames[state.lang]} · ${t("title")}`;
  document.querySelectorAll("#topbar .city").forEach((e) => { e.textContent = cfg.cityNames[state.lang]; });
  labelOverlays();
  legend.render();
  renderWhatIfMode();
  renderTotals(); renderChanges(); renderPicks(); renderGaps(); renderChecks(); renderDownloads(); drawSites();
  if (!cfg.hasUnits) {
    byId("scorecard-note").textContent = t("no_units");
  }
  if (status.dataset.state === "ready" && lastUpdateMs != null) status.textContent = t("updated")(lastUpdateMs);
}

function bindSelect(id, key, onChange) {
  const select = byId(id);
  select.value = state[key];
  select.addEventListener("change", () => { state[key] = select.value; writeURL(); onChange(); });
}

bindSelect("category", "category", () => { drawSites(); renderWhatIfMode(); refresh(); });
bindSelect("minutes", "minutes", () => { legend.render(); refresh(); });
bindSelect("pace", "pace", refresh);
bindSelect("profile", "profile", refresh);
bindSelect("who", "who", () => { legend.render(); layers.units.setStyle(unitStyle); });
bindSelect("k", "k", () => {
  getJSON("/api/planner/recommend", { k: state.k }, "picks").then((data) => { state.picks = data; renderPicks(); }).catch(showError);
  renderDownloads();
});
bindSelect("standard", "standard", () => {
  getJSON("/api/planner/scorecard", { standard: state.standard }, "scorecard").then((data) => { state.checks = data; renderChecks(); }).catch(showError);
  renderDownloads();
});
byId("check-filter").addEventListener("change", (e) => { state.filter = e.target.value; renderChecks(); });
byId("whatif-toggle").addEventListener("click", () => { state.whatif = !state.whatif; renderWhatIfMode(); });
byId("whatif-clear").addEventListener("click", () => { state.adds = []; state.closes = []; changed(); });
byId("lang").value = state.lang;
byId("lang").addEventListener("change", (e) => {
  state.lang = e.target.value;
  background.setLanguage(tag());
  writeURL();
  renderAll();
  // The scorecard's rule titles and limits come in the page's language: ask again.
  if (cfg.hasUnits) {
    getJSON("/api/planner/scorecard", { standard: state.standard }, "scorecard").then((data) => { state.checks = data; renderChecks(); }).catch(showError);
  }
});
if (!cfg.hasElderly) byId("who").disabled = true;
document.body.classList.toggle("no-units", !cfg.hasUnits);

renderAll();
loadUnits();
api.get("/api/sites", {}, "sites").then((data) => {
  allSites = data.features;
  presentCategories = new Set(allSites.map((f) => f.properties.category));
  legend.render();
  drawSites();
  renderChanges();
}).catch(showError);
refresh();
