/* Learning sites: their details as DOM text, their markers, the result list, and the citizen
   page's site layer, which draws one set of markers at a time. */

import { isSuperseded } from "./api.js";
import { detailLine, el, linkOrText, pathLink, safeColor } from "./dom.js";
import { iconSvg, markerIcon } from "./icons.js";

/** Marker options; `lmSite` marks site markers so they can be counted. */
const MARKER = { radius: 8, color: "#fff", weight: 2, fillOpacity: 0.95, lmSite: true };

/** A tooltip: the site's name in bold, its category below. */
export function siteTooltip(name, category) {
  const tip = el("div");
  tip.append(el("strong", name), el("br"), el("span", category));
  return tip;
}

/** A circle marker in the category's colour with a text-only tooltip. */
export function siteMarker(lat, lon, color, tooltip) {
  const marker = L.circleMarker([lat, lon], { ...MARKER, fillColor: safeColor(color) });
  marker.bindTooltip(tooltip);
  return marker;
}

/**
 * The detail lines of a site (offers, address, phone, hours, website), as text.
 *
 * @param {object} site  API properties or an offline-map record (same field names)
 * @param {(key: string) => string} label  the label for offers/address/phone/hours/website
 */
export function siteDetails(site, label) {
  const lines = [];
  if (site.description) lines.push(detailLine(label("offers"), site.description));
  if (site.address) lines.push(detailLine(label("address"), site.address));
  if (site.phone) lines.push(detailLine(label("phone"), site.phone));
  // The hours in words in the page's language when the server gave them (open_state.hours),
  // else as written (an offline-map record). A site without hours gets no line: its open state
  // already says "No opening hours given", and saying it twice is noise.
  if (site.opening_hours) {
    const hours = (site.open_state && site.open_state.hours) || site.opening_hours;
    lines.push(detailLine(label("hours"), hours));
  }
  if (site.website) lines.push(detailLine(label("website"), linkOrText(site.website)));
  return lines;
}

/**
 * One entry of the reachable list: the category icon, the name (a button that shows the site
 * on the map), a Portuguese name when there is one, walking time and details, and a route button.
 *
 * @param {object} p  feature properties from /api/reachable
 * @param {(key: string) => any} t  translations in the current language
 * @param {{category: string, name: string, alt: string, open?: string, details?: string}} text
 *   category label and names in the language; open: the open-now label; details: the site page path
 * @param {{onRoute: (siteId: string) => void, onSelect: (siteId: string) => void}} actions
 */
export function siteListItem(p, t, text, { onRoute, onSelect }) {
  const li = el("li");
  li.dataset.siteId = p.site_id;
  const head = el("div", null, "site-head");
  const name = el("button", null, "site-name");
  name.type = "button";
  name.append(el("strong", text.name));
  if (text.alt) {
    const alt = el("span", text.alt, "site-alt");
    alt.lang = "pt";  // the Portuguese name, in its own language on a Chinese or English page
    name.append(alt);
  }
  // What the button does, for screen readers, after the visible name (so the name read out
  // starts with the text on screen).
  name.append(el("span", t("show_on_map"), "visually-hidden"));
  name.addEventListener("click", () => onSelect(p.site_id));
  head.append(iconSvg(p.category, 24), name);
  const meta = el("div", null, "site-meta");
  meta.append(el("span", t("walk")(p.walk_minutes, Math.round(p.walk_m)), "walk"), el("span", text.category, "details"));
  if (text.open && p.open_state) meta.append(el("span", text.open, `open-state open-${p.open_state.status}`));
  li.append(head, meta, ...siteDetails(p, t));
  const button = el("button", t("route"), "btn route-button");
  button.type = "button";
  button.addEventListener("click", () => onRoute(p.site_id));
  const actions = el("div", null, "site-actions");
  actions.append(button);
  if (text.details) {
    // The site's own page (a same-origin path built from the id, never from free text).
    actions.append(pathLink(t("details"), text.details, "btn details-link"));
  }
  li.append(actions);
  return li;
}

/**
 * The citizen page's site markers from /api/sites, as category icons. Only the latest drawing
 * request is drawn, and the old markers are removed in the same step the new ones are added, so
 * overlapping calls never leave two sets. After a query, sites inside the walking area stand out
 * and the others fade; one site can be selected (highlighted and on top).
 *
 * @param {L.Map} map
 * @param {{get: Function, cancel: Function}} api
 * @param {{category: (props: object) => string, name: (props: object) => string}} label  in the current language
 * @param {{onError: (err: Error) => void, onClick: (props: object, latlng: L.LatLng) => void}} handlers
 */
export function createSiteLayer(map, api, label, { onError, onClick }) {
  const layer = L.layerGroup().addTo(map);
  const markers = new Map(); // site_id -> marker
  let features = [];
  let inside = null; // Set of site ids within the walk, or null before any query
  let selected = null;

  const stateOf = (id) => (id === selected ? "selected" : inside == null ? "" : inside.has(id) ? "in" : "out");

  function restyle(id) {
    const marker = markers.get(id);
    if (!marker) return;
    const state = stateOf(id);
    marker.setIcon(markerIcon(marker.options.category, state));
    marker.setZIndexOffset(state === "selected" ? 2000 : state === "in" ? 1000 : 0);
  }

  function render() {
    layer.clearLayers();
    markers.clear();
    for (const f of features) {
      const [lon, lat] = f.geometry.coordinates;
      const p = f.properties;
      const marker = L.marker([lat, lon], {
        icon: markerIcon(p.category, stateOf(p.site_id)), keyboard: false, category: p.category, siteId: p.site_id, lmSite: true,
        riseOnHover: true,
      });
      marker.setZIndexOffset(stateOf(p.site_id) === "selected" ? 2000 : stateOf(p.site_id) === "in" ? 1000 : 0);
      marker.bindTooltip(siteTooltip(label.name(p), label.category(p)), { direction: "top", offset: [0, -12] });
      // Where the pointer was (a marker's own click event gives the marker's position).
      marker.on("click", (e) => onClick(p, e.originalEvent ? map.mouseEventToLatLng(e.originalEvent) : e.latlng));
      marker.addTo(layer);
      markers.set(p.site_id, marker);
    }
  }

  async function draw(cats) {
    if (!cats.length) {
      api.cancel("sites");
      features = [];
      render();
      return;
    }
    try {
      const data = await api.get("/api/sites", { category: cats.join(",") }, "sites");
      features = data.features;
      render();
    } catch (err) {
      if (!isSuperseded(err)) onError(err);
    }
  }

  /** Mark the sites within the walk (ids), or clear the marking with null. */
  function markInside(ids) {
    inside = ids == null ? null : new Set(ids);
    for (const id of markers.keys()) restyle(id);
  }

  /** Highlight one site (or none with null); returns its marker when it is drawn. */
  function select(id) {
    const before = selected;
    selected = id;
    if (before) restyle(before);
    if (id) restyle(id);
    return id ? markers.get(id) || null : null;
  }

  return { draw, relabel: render, markInside, select, layer };
}

/**
 * A site's matching courses under its list entry (from a course-filtered /api/reachable): the
 * course's name, its weekly slots and whether it is open for enrolment now, all as text.
 *
 * @param {object[]} courses  the feature's `courses`
 * @param {string} lang  zh-Hans, zh-Hant, en or pt
 * @param {(key: string) => any} t  translations in the current language
 * @param {(course: object) => string} categoryName  the course's category in the language
 */
export function courseList(courses, lang, t, categoryName) {
  const list = el("ul", null, "course-list");
  for (const c of courses) {
    const item = el("li", null, "course");
    const latin = lang === "en" || lang === "pt"; // the course data has Chinese and English
    const name = latin && c.name_en ? c.name_en : c.name;
    item.append(el("strong", name, "course-name"));
    const slots = (c.slots || []).map((s) => (latin ? s.label_en : s.label_zh)).join(latin ? "; " : "；");
    const meta = [categoryName(c), slots].filter(Boolean).join(" · ");
    if (meta) item.append(el("span", meta, "course-meta"));
    if (c.enrolling) item.append(el("span", t("enrolling"), "course-enrolling"));
    list.append(item);
  }
  return list;
}
