/* learning-map citizen page: builds the Leaflet map and calls the JSON API.
   Runs under a strict Content-Security-Policy (no inline script or style): settings come from
   the JSON in #lm-config, colours are set through element.style or SVG attributes, and all text
   from data files goes through textContent (never parsed as HTML).
   Phone first: the results live in a bottom sheet (peek / half / full) that opens to half when
   results arrive; from 900 px wide the same panel is a side panel (app.css). */

import { createApi, isSuperseded } from "./api.js";
import { byId, el } from "./dom.js";
import {
  applyLanguage, categoryLabel, chooseLang, normalizeLang, secondaryName, siteName, translate,
} from "./i18n.js";
import { iconSvg, paintIcons } from "./icons.js";
import { addBackground, createMap } from "./map.js";
import { reportControl } from "./report.js";
import { courseList, createSiteLayer, siteListItem } from "./sites.js";
import { courseFilterActive, filterQuery, minuteChoices, readState, writeURL } from "./state.js";
import { createWalkLayer, walkStopItems } from "./walk.js";

const LANG_KEY = "learning-map.lang"; // localStorage: the reader's chosen language
const cfg = JSON.parse(byId("lm-config").textContent);
const categoryInputs = Array.from(document.querySelectorAll("#categories .cat input[type=checkbox]"));
const categories = categoryInputs.map((i) => i.value);
const urlLang = normalizeLang(new URLSearchParams(location.search).get("lang"));
const savedLang = normalizeLang(readSaved());
const state = readState(location.search, {
  bounds: cfg.bounds, maxMinutes: cfg.maxMinutes, categories, courseCategories: cfg.courseCategories || [],
  defaultLang: chooseLang({ saved: savedLang, locale: navigator.language }),
});
const t = (key) => translate(state.lang, key);
const catLabel = (props) => categoryLabel(state.lang, props);
const label = { category: catLabel, name: (props) => siteName(state.lang, props) };
const saveURL = () => writeURL(state, categories);
const phone = window.matchMedia("(max-width: 899.98px)");

function readSaved() {
  try { return window.localStorage.getItem(LANG_KEY); } catch { return null; } // storage may be blocked
}

// The city's own path prefix, from the page: "" for one city, "/c/<slug>" among many.
const base = document.body.dataset.base || "";
const api = createApi(undefined, base);
const map = createMap("map", cfg.bounds, [
  { text: cfg.osmAttribution, url: cfg.osmAttributionUrl },
  { text: cfg.tilesAttribution },
]);
// "You are here" above the site icons (markerPane: 600). Its pane takes no pointer events: with
// preferCanvas its canvas covers the whole map and would otherwise swallow taps on the icons.
const herePane = map.createPane("here");
herePane.style.zIndex = 650;
herePane.style.pointerEvents = "none";
const layers = {
  area: L.layerGroup().addTo(map), route: L.layerGroup().addTo(map),
  here: L.layerGroup().addTo(map),
};
const message = byId("message");
const showError = (err) => { message.textContent = t("error")(err.message); };
const sites = createSiteLayer(map, api, label, { onError: showError, onClick: onMarkerClick });
const walkLayer = createWalkLayer(map);
paintIcons();

// -- background: tiles, or the bundle's basemap when there are none or they fail ----------------
const background = addBackground(map, { tilesUrl: cfg.tilesUrl, basemap: cfg.basemapUrl, lang: state.lang });

// -- the bottom sheet (phone): peek / half / full, by button, keyboard or drag -----------------
const SHEET = ["peek", "half", "full"];
const panel = byId("panel");
const panelBody = byId("panel-body");
const handle = byId("sheet-handle");

function setSheet(level) {
  document.body.dataset.sheet = level;
  handle.setAttribute("aria-expanded", String(level !== "peek"));
  handle.setAttribute("aria-label", t(level === "full" ? "sheet_less" : "sheet_more"));
}

function stepSheet(delta) {
  const i = SHEET.indexOf(document.body.dataset.sheet);
  setSheet(SHEET[Math.max(0, Math.min(SHEET.length - 1, i + delta))]);
}

// Escape inside the sheet lowers it to peek (a form inside handles its own Escape first).
panel.addEventListener("keydown", (e) => {
  if (e.key !== "Escape" || e.defaultPrevented || !phone.matches || document.body.dataset.sheet === "peek") return;
  setSheet("peek");
  handle.focus();
});

let dragged = false;
handle.addEventListener("click", () => {
  if (dragged) { dragged = false; return; }
  const i = SHEET.indexOf(document.body.dataset.sheet);
  setSheet(SHEET[(i + 1) % SHEET.length]); // peek -> half -> full -> peek
});
handle.addEventListener("keydown", (e) => {
  const step = { ArrowUp: 1, ArrowDown: -1, PageUp: 1, PageDown: -1 }[e.key];
  if (step) { e.preventDefault(); stepSheet(step); }
  if (e.key === "Home" || e.key === "End") { e.preventDefault(); setSheet(e.key === "Home" ? "peek" : "full"); }
});
handle.addEventListener("pointerdown", (e) => {
  const startY = e.clientY;
  const startHeight = panel.offsetHeight;
  const room = byId("layout").clientHeight;
  handle.setPointerCapture(e.pointerId);
  document.body.classList.add("dragging");
  const move = (ev) => {
    if (Math.abs(ev.clientY - startY) > 6) dragged = true;
    panel.style.height = `${Math.max(48, Math.min(room, startHeight + startY - ev.clientY))}px`;
  };
  const up = () => {
    handle.removeEventListener("pointermove", move);
    document.body.classList.remove("dragging");
    if (dragged) { // snap to the nearest of the three heights
      const h = panel.offsetHeight;
      const peek = 9.6 * parseFloat(getComputedStyle(document.documentElement).fontSize);
      const targets = { peek, half: 0.55 * room, full: room };
      setSheet(SHEET.reduce((a, b) => (Math.abs(targets[a] - h) <= Math.abs(targets[b] - h) ? a : b)));
    }
    panel.style.height = "";
  };
  handle.addEventListener("pointermove", move);
  handle.addEventListener("pointerup", up, { once: true });
  handle.addEventListener("pointercancel", up, { once: true });
});

/** On a phone, open the sheet to half (if lower) so the first result shows without scrolling. */
function revealResults() {
  if (!phone.matches) return;
  if (document.body.dataset.sheet === "peek") setSheet("half");
  const first = byId("results").firstElementChild || message;
  // After the sheet's height transition: scroll just enough to show the message and first result.
  const fit = () => {
    const box = panelBody.getBoundingClientRect();
    const want = first.getBoundingClientRect();
    const top = message.getBoundingClientRect().top;
    if (want.bottom > box.bottom) panelBody.scrollTop += Math.min(want.bottom - box.bottom, top - box.top);
  };
  panel.addEventListener("transitionend", fit, { once: true });
  fit();
}

/** The map's padding for fitting bounds: on a phone, the part the half-open sheet covers. */
function mapPadding() {
  if (!phone.matches) return { paddingTopLeft: [30, 30], paddingBottomRight: [30, 30] };
  const wrap = byId("map-wrap");
  const covered = Math.max(0, 0.55 * byId("layout").clientHeight - (byId("layout").clientHeight - wrap.clientHeight));
  return { paddingTopLeft: [20, 70], paddingBottomRight: [20, covered + 20] };
}

// -- results ----------------------------------------------------------------------------------
const siteProps = (id) => (state.last ? state.last.features.find((f) => f.properties.site_id === id) : null);

function renderMessage() {
  if (state.walk) { renderWalkMessage(); return; }
  const data = state.last;
  if (!data) { message.textContent = ""; return; }
  if (state.route) {
    const props = siteProps(state.route.site_id);
    const name = props ? siteName(state.lang, props.properties) : state.route.name;
    message.textContent = t("route_to")(name, state.route.walk_minutes);
    return;
  }
  const n = data.features.length;
  if (n) {
    message.textContent = t("found")(n, state.minutes);
  } else if (courseFilterActive(state.courses)) {
    // The filter, not the distance, may be what leaves the list empty: say so.
    message.textContent = t("none_courses")(state.minutes);
  } else if (state.openOnly && data.query && data.query.open_only) {
    // Sites may be within the walk but closed now: say that, not "nothing reachable".
    message.textContent = t("none_open")(state.minutes);
  } else {
    const near = data.nearest_beyond;
    message.textContent = t("none")(state.minutes) + " " +
      (near ? t("nearest")(siteName(state.lang, near.properties), near.properties.walk_minutes) : t("nothing"));
  }
}

function renderResults() {
  const list = byId("results");
  list.replaceChildren();
  renderMessage();
  const data = state.last;
  if (!data) return;
  for (const f of data.features) {
    const p = f.properties;
    const text = {
      category: catLabel(p), name: siteName(state.lang, p), alt: secondaryName(state.lang, p),
      open: openLabel(p.open_state),
      details: `${base}/site/${encodeURIComponent(p.site_id)}?lang=${encodeURIComponent(state.lang)}`,
    };
    const item = siteListItem(p, t, text, { onRoute: drawRoute, onSelect: (id) => selectSite(id, { from: "list" }) });
    if (p.courses && p.courses.length) item.insertBefore(courseList(p.courses, state.lang, t, courseCategoryName), item.querySelector(".site-actions"));
    if (p.site_id === state.selected) { item.classList.add("selected"); item.setAttribute("aria-current", "true"); }
    // 纠错: only when the server keeps a reports queue (admin enabled).
    if (cfg.reports) item.querySelector(".site-actions").append(reportControl({ ...p, name: text.name }, t, sendReport));
    list.append(item);
  }
}

/** A citizen's correction for the admin queue (POST /api/reports). */
// ?lang=: the server's answer (thanks, or why not) in the page's language.
const sendReport = (report) => api.post(`/api/reports?lang=${encodeURIComponent(state.lang)}`, report);

/**
 * Highlight a site on the map and in the list. From the list, the map shows the site; from the
 * map, the list scrolls to it (and a phone's sheet opens).
 */
function selectSite(id, { from } = {}) {
  state.selected = id;
  const marker = sites.select(id);
  for (const li of byId("results").children) {
    const on = li.dataset.siteId === id;
    li.classList.toggle("selected", on);
    if (on) li.setAttribute("aria-current", "true");
    else li.removeAttribute("aria-current");
    if (on && from === "map") {
      if (phone.matches && document.body.dataset.sheet === "peek") setSheet("half");
      li.scrollIntoView({ block: "nearest" });
    }
  }
  if (marker) {
    if (from === "list" && !map.getBounds().contains(marker.getLatLng())) map.panTo(marker.getLatLng(), { animate: false });
    if (from) marker.openTooltip(); // not over a route just drawn
  }
}

/**
 * A tap on a site: select it when it is in the list; else it is a tap on the map there (walk
 * from that point), with the site selected once the answer arrives.
 */
function onMarkerClick(props, latlng) {
  if (state.last && state.last.features.some((f) => f.properties.site_id === props.site_id)) {
    selectSite(props.site_id, { from: "map" });
  } else {
    setPoint(latlng.lat, latlng.lng);
    state.selected = props.site_id;
  }
}

function drawHere() {
  layers.here.clearLayers();
  L.circleMarker([state.lat, state.lon], {
    radius: 10, color: "#000", weight: 3, fillColor: "#f0e442", fillOpacity: 1, pane: "here", interactive: false,
    lmHere: true,
  })
    .bindTooltip(el("span", t("you")), { permanent: true, direction: "right", offset: [12, 0], className: "here-label" })
    .addTo(layers.here);
}

/**
 * The open state's label: the server's, in the locale it was asked in (the page's language);
 * an answer from an older server has only simplified Chinese and English.
 */
function openLabel(open) {
  if (!open) return "";
  if (open.label) return open.label;
  return state.lang === "en" ? open.en : open.zh;
}

/** The /api/reachable question for the point, the ticked categories and the filters. */
function reachableQuery(cats) {
  return {
    lon: state.lon, lat: state.lat, minutes: state.minutes, pace: state.pace, category: cats.join(","),
    profile: state.profile, open_only: state.openOnly ? "true" : "false", ...filterQuery(state),
    lang: state.lang, // the open states and opening hours come in the page's language
  };
}

/**
 * The same question again after a language change, for the open states and hours in the list
 * (the server's words): only the list is drawn again; the map, route and sheet stay.
 */
async function relabelResults() {
  if (state.lon == null || !state.last || !state.last.features.length) return;
  const cats = categories.filter((c) => state.cats.has(c));
  if (!cats.length) return;
  try {
    state.last = await api.get("/api/reachable", reachableQuery(cats), "reachable");
    renderResults();
  } catch (err) {
    if (!isSuperseded(err)) showError(err);
  }
}

/** Ask what is reachable from the point; only the latest question's answer is shown. */
async function query() {
  if (state.lon == null) return;
  drawHere();
  walkButton.hidden = false;
  const cats = categories.filter((c) => state.cats.has(c));
  if (!cats.length) { // no category ticked: nothing to list (an empty filter would mean "all")
    api.cancel("reachable");
    state.last = { features: [], nearest_beyond: null };
    layers.area.clearLayers();
    sites.markInside([]);
    renderResults();
    document.body.dataset.state = "results";
    revealResults();
    return;
  }
  try {
    const data = await api.get("/api/reachable", reachableQuery(cats), "reachable");
    state.last = data;
    layers.area.clearLayers();
    const ids = data.features.map((f) => f.properties.site_id);
    sites.markInside(ids);
    if (!ids.includes(state.selected)) state.selected = null;
    sites.select(state.selected);
    let bounds = L.latLngBounds([[state.lat, state.lon]]);
    if (data.isochrone && data.isochrone.geometry) {
      const area = L.geoJSON(data.isochrone, {
        interactive: false, style: { color: "#0b3d62", weight: 3, fillColor: "#56b4e9", fillOpacity: 0.22 },
      }).addTo(layers.area);
      bounds = bounds.extend(area.getBounds());
    }
    for (const f of data.features) bounds.extend(L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]));
    renderResults();
    document.body.dataset.state = "results";
    revealResults();
    // Zoom to the walking area and its sites (above the sheet on a phone).
    map.fitBounds(bounds, { ...mapPadding(), maxZoom: 17, animate: false });
    if (state.site) drawRoute(state.site);
  } catch (err) {
    if (isSuperseded(err)) return;
    state.last = null;
    layers.area.clearLayers();
    sites.markInside(null);
    renderResults();
    showError(err);
    document.body.dataset.state = "error";
  }
}

async function drawRoute(siteId) {
  if (state.lon == null) return;
  try {
    const route = await api.get("/api/route", {
      from_lon: state.lon, from_lat: state.lat, site_id: siteId, pace: state.pace, profile: state.profile,
      lang: state.lang,
    }, "route");
    state.site = siteId;
    state.route = { site_id: siteId, name: route.properties.name, walk_minutes: route.properties.walk_minutes };
    saveURL();
    layers.route.clearLayers();
    const line = L.geoJSON(route, { style: { color: "#c2185b", weight: 6, opacity: 0.9 } }).addTo(layers.route);
    selectSite(siteId);
    // On a phone the sheet covers part of the map: always fit the route into the part that shows.
    if (phone.matches || !map.getBounds().contains(line.getBounds())) {
      map.fitBounds(line.getBounds(), { ...mapPadding(), maxZoom: 17, animate: false });
    }
    renderMessage();
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
  state.route = null;
}

function setPoint(lat, lon) {
  state.lat = lat;
  state.lon = lon;
  clearRoute();
  closeWalk();
  saveURL();
  query();
}

// -- humanities walk (人文行走) from the chosen point ------------------------------------------
const walkBar = byId("walk-bar");
const walkButton = byId("walk-button");
const walkClose = byId("walk-close");
const walkList = byId("walk-stops");

/** The course category's name in the language (the page's own option labels). */
function courseCategoryName(course) {
  const option = document.querySelector(`#course-category option[value="${CSS.escape(course.category)}"]`);
  if (option) return option.textContent;
  return state.lang === "en" || state.lang === "pt" ? course.category_en : course.category_zh;
}

function renderWalkMessage() {
  const plan = state.walk;
  const sights = plan.stops.filter((s) => s.kind === "sight").length;
  if (plan.curated) {
    message.textContent = t("walk_curated")(plan.title, sights, Math.round(plan.minutes.adult),
      Math.round(plan.minutes.elderly), plan.walk_m / 1000);
    return;
  }
  message.textContent = sights
    ? t("walk_summary")(sights, Math.round(plan.minutes.adult), Math.round(plan.minutes.elderly), plan.walk_m / 1000)
    : t("walk_none");
}

/** Show the walk (its list, message and map layer) or the learning sites; the walk's map bounds. */
function renderWalk() {
  const showing = Boolean(state.walk);
  walkButton.hidden = state.lon == null;
  walkBar.hidden = !showing;
  walkList.hidden = !showing;
  byId("results").hidden = showing;
  // The walking area would hide the walk's line: it goes while the walk shows.
  if (showing) layers.area.remove();
  else if (!map.hasLayer(layers.area)) layers.area.addTo(map);
  if (!showing) return null;
  walkList.replaceChildren(...walkStopItems(state.walk, state.lang, t));
  renderMessage();
  return walkLayer.draw(state.walk, state.lang, t);
}

async function showWalk() {
  if (state.lon == null) return;
  message.textContent = t("walk_loading");
  try {
    const theme = byId("walk-theme").value;
    const plan = await api.get("/api/walk", {
      lon: state.lon, lat: state.lat, minutes: state.walkMinutes, pace: state.pace, theme, lang: state.lang,
    }, "walk");
    clearRoute();
    state.walk = plan;
    state.walkTheme = theme; // the link opens the same walk (the route card's QR code uses it)
    saveURL();
    const bounds = renderWalk();
    if (bounds) map.fitBounds(bounds.extend([state.lat, state.lon]), { ...mapPadding(), maxZoom: 17, animate: false });
    document.body.dataset.state = "walk";
    revealResults();
  } catch (err) {
    if (!isSuperseded(err)) showError(err);
  }
}

// -- curated routes of the city (DIR/routes/*.csv), listed when there are any ------------------
const curatedSelect = byId("walk-curated");
api.get("/api/walks/curated", {}, "curated").then((data) => {
  for (const route of data.routes) {
    const option = el("option", `${route.title} (${route.stops})`);
    option.value = route.id;
    curatedSelect.append(option);
  }
  byId("walk-curated-label").hidden = !data.routes.length;
}).catch(() => { /* no curated routes: the control stays hidden */ });

curatedSelect.addEventListener("change", async () => {
  if (!curatedSelect.value) return;
  message.textContent = t("walk_loading");
  try {
    const plan = await api.get(`/api/walks/curated/${encodeURIComponent(curatedSelect.value)}`, {}, "walk");
    clearRoute();
    state.walk = plan;
    state.walkTheme = "";
    saveURL();
    const bounds = renderWalk();
    if (bounds) map.fitBounds(bounds, { ...mapPadding(), maxZoom: 17, animate: false });
    document.body.dataset.state = "walk";
    revealResults();
  } catch (err) {
    if (!isSuperseded(err)) showError(err);
  }
});

/** Back to the learning sites: the walk's line, stops and list go. */
function closeWalk() {
  api.cancel("walk");
  state.walk = null;
  state.walkTheme = "";
  curatedSelect.value = "";
  walkLayer.clear();
  renderWalk();
}

walkButton.addEventListener("click", showWalk);
walkClose.addEventListener("click", () => { closeWalk(); saveURL(); renderMessage(); });
byId("walk-theme").value = state.walkTheme || "history";
byId("walk-minutes").value = state.walkMinutes;
byId("walk-minutes").addEventListener("change", (e) => { state.walkMinutes = e.target.value; });

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
      const b = el("button", siteName(state.lang, r), "btn");
      b.type = "button";
      b.addEventListener("click", () => { box.replaceChildren(); map.setView([r.lat, r.lon], 16); setPoint(r.lat, r.lon); });
      li.append(b);
      box.append(li);
    }
  } catch (err) {
    if (isSuperseded(err)) return;
    box.replaceChildren(el("li", t("error")(err.message)));
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
const catsToggle = byId("cats-toggle");
const catsBox = byId("categories");
if (phone.matches) catsBox.hidden = true; // on a phone the legend opens from the bar

/** The category button's text and icons: which categories are ticked. */
function renderCategoryChip() {
  const ticked = categories.filter((c) => state.cats.has(c));
  byId("cats-count").textContent = t("filters")(ticked.length, categories.length);
  catsToggle.querySelector(".chip-icons").replaceChildren(...ticked.slice(0, 3).map((c) => iconSvg(c, 18)));
}

/**
 * The city's name in the header: Chinese and English (Portuguese on a Portuguese page, when the
 * data has it) from /api/city when it gives both; the page title: the name and the page's title.
 */
let city = null;
const pageCityName = byId("city-name").textContent.trim();
function renderCity() {
  if (!city) {
    document.title = `${pageCityName} · ${t("title")}`;
    return;
  }
  const names = city.names || {};
  const latinPage = state.lang === "en" || state.lang === "pt";
  // On an English or Portuguese page the Chinese name is in the city's own script.
  const script = latinPage ? cfg.cityScript || "zh-Hans" : state.lang;
  const zh = names[script] || names["zh-Hant"] || names["zh-Hans"] || city.name_zh;
  const given = (state.lang === "pt" && names.pt) || names.en || city.name_en;
  // A city named only in Chinese has no Latin name to add (names.en then repeats the Chinese).
  const latin = given && !/[\u3400-\u9fff]/u.test(given) ? given : "";
  const box = byId("city-name");
  if (zh && latin) {
    const chinese = el("span", zh, "city-zh");
    if (latinPage) chinese.lang = script;  // a name in its own script on an English or Portuguese page
    box.replaceChildren(chinese, el("span", latin, "city-en"));
  }
  const own = state.lang === "en" || state.lang === "pt" ? latin : zh;
  document.title = `${own || pageCityName} · ${t("title")}`;
}

/** Leaflet's zoom buttons say "Zoom in/out" in English: name them in the page's language. */
function labelZoom() {
  for (const [selector, key] of [[".leaflet-control-zoom-in", "zoom_in"], [".leaflet-control-zoom-out", "zoom_out"]]) {
    const button = map.getContainer().querySelector(selector);
    if (!button) continue;
    button.title = t(key);
    button.setAttribute("aria-label", `${t(key)} ${button.textContent.trim()}`);
  }
}

function setLang(lang) {
  state.lang = lang;
  byId("lang").value = lang;
  applyLanguage(lang);
  labelZoom();
  setSheet(document.body.dataset.sheet);
  renderCategoryChip();
  renderCity();
  sites.relabel();
  background.setLanguage(lang); // the basemap's place and street names too
  renderResults();
  renderWalk();
  if (state.lon != null) drawHere();
  relabelResults(); // the open states and hours in the list are the server's words
}

map.on("click", (e) => setPoint(e.latlng.lat, e.latlng.lng));
// Focus rings and the centre cross are for keyboard use, not after a tap or a click.
const mapWrap = byId("map-wrap");
const FAR_ZOOM = 14; // below this, markers shrink (app.css .far)
const markFar = () => mapWrap.classList.toggle("far", map.getZoom() < FAR_ZOOM);
map.on("zoomend", markFar);
markFar();
mapWrap.addEventListener("pointerdown", () => mapWrap.classList.add("pointer"));
mapWrap.addEventListener("keydown", () => mapWrap.classList.remove("pointer"));
// The keyboard's way to pick a point: arrow keys pan the map (Leaflet), Enter asks from its centre.
map.getContainer().addEventListener("keydown", (e) => {
  if (e.key === "Enter" && e.target === map.getContainer()) { e.preventDefault(); useCentre(); }
});
function useCentre() {
  const c = map.getCenter();
  setPoint(c.lat, c.lng);
}
byId("use-centre").addEventListener("click", useCentre);
minutesSelect.addEventListener("change", () => { state.minutes = minutesSelect.value; saveURL(); query(); });
byId("pace").addEventListener("change", (e) => { state.pace = e.target.value; saveURL(); query(); });
byId("step-free").checked = state.profile === "step-free";
byId("step-free").addEventListener("change", (e) => {
  state.profile = e.target.checked ? "step-free" : "walk";
  saveURL();
  query();
});
byId("open-only").checked = state.openOnly;
byId("open-only").addEventListener("change", (e) => { state.openOnly = e.target.checked; saveURL(); query(); });
// "Open at": a day and a time (empty: now); "Now" clears both.
const openDay = byId("open-day");
const openTime = byId("open-time");
const openNow = byId("open-now");
function renderOpenAt() {
  openDay.value = state.openDay;
  openTime.value = state.openTime;
  openNow.disabled = !state.openDay && !state.openTime;
}
renderOpenAt();
if (state.openDay || state.openTime) byId("open-at").open = true; // a link that asks "open at": show it
openDay.addEventListener("change", () => { state.openDay = openDay.value; renderOpenAt(); saveURL(); query(); });
openTime.addEventListener("change", () => {
  state.openTime = /^\d\d:\d\d$/.test(openTime.value) ? openTime.value : "";
  renderOpenAt();
  saveURL();
  query();
});
openNow.addEventListener("click", () => { state.openDay = ""; state.openTime = ""; renderOpenAt(); saveURL(); query(); });
// Courses: category, audience, weekday, time of day and "enrolling now" (only when the city has courses).
const COURSE_CONTROLS = [["course-category", "category"], ["audience", "audience"], ["weekday", "weekday"],
  ["time-of-day", "timeOfDay"]];
for (const [id, key] of COURSE_CONTROLS) {
  const select = document.getElementById(id);
  if (!select) continue;
  select.value = state.courses[key];
  select.addEventListener("change", () => { state.courses[key] = select.value; saveURL(); query(); });
}
if (courseFilterActive(state.courses)) byId("course-filter").open = true;
const enrolling = document.getElementById("enrolling");
if (enrolling) {
  enrolling.checked = state.courses.enrolling;
  enrolling.addEventListener("change", () => { state.courses.enrolling = enrolling.checked; saveURL(); query(); });
}
catsToggle.addEventListener("click", () => {
  catsBox.hidden = !catsBox.hidden;
  catsToggle.setAttribute("aria-expanded", String(!catsBox.hidden));
  if (!catsBox.hidden && document.body.dataset.sheet === "peek") setSheet("half");
});
catsBox.addEventListener("change", (e) => {
  if (!categoryInputs.includes(e.target)) return; // the other filters have their own handlers
  state.cats = new Set(categoryInputs.filter((i) => i.checked).map((i) => i.value));
  saveURL();
  renderCategoryChip();
  sites.draw(categories.filter((c) => state.cats.has(c)));
  query();
});
byId("lang").addEventListener("change", (e) => {
  const lang = normalizeLang(e.target.value) || "zh-Hans";
  try { window.localStorage.setItem(LANG_KEY, lang); } catch { /* storage blocked: the URL keeps it */ }
  setLang(lang);
  saveURL();
});
byId("print").addEventListener("click", () => window.print());
// Paper is a different size: let Leaflet fill the printed map box, and the screen again after.
window.addEventListener("beforeprint", () => map.invalidateSize());
window.addEventListener("afterprint", () => map.invalidateSize());
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
setLang(state.lang);
saveURL();
sites.draw(categories.filter((c) => state.cats.has(c))).then(() => {
  // A link from a site's own page (/?site=<id>): show that site first.
  if (!state.focus) return;
  const marker = sites.select(state.focus);
  if (marker) {
    map.setView(marker.getLatLng(), 17, { animate: false });
    marker.openTooltip();
  }
});
if (state.lon != null) {
  map.setView([state.lat, state.lon], 15);
  // A shared walk (?walk=history, the route card's QR code) opens once the sites are in.
  const walkTheme = state.walkTheme;
  query().then(() => { if (walkTheme) showWalk(); });
}
// The city's own default language (e.g. 繁體 in Macau) when neither the link nor the reader chose.
api.get("/api/city", {}, "city").then((info) => {
  city = info;
  const lang = urlLang || savedLang ? state.lang : chooseLang({ city: info.default_lang, locale: navigator.language });
  if (lang !== state.lang) { setLang(lang); saveURL(); } else renderCity();
}).catch(() => { /* the page works without it: the name in the page, the browser's language */ })
  .finally(() => { document.body.dataset.ready = "1"; });
