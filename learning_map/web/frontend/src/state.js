/* The citizen page's one state object, read from and written to the URL.
   Every value read from the URL is checked: a bad one is replaced by its default and the URL is
   corrected, so the page never sends NaN or an out-of-range value to the API. */

import { normalizeLang } from "./i18n.js";

export const DEFAULT_MINUTES = 15;
export const STANDARD_MINUTES = [5, 10, 15];
export const PACES = ["normal", "elderly"];
/** The server accepts points this far (degrees) outside the city's bounds. */
export const COORD_MARGIN = 0.02;

const DECIMAL = /^-?\d{1,3}(\.\d{1,15})?$/;
const MINUTES = /^\d{1,4}(\.\d{1,2})?$/;
const SITE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;

/** The minutes used when the URL has none or an invalid one: 15, or the most the server allows. */
export function fallbackMinutes(maxMinutes) {
  return String(Math.min(DEFAULT_MINUTES, maxMinutes));
}

/** A valid minutes value as its canonical text ("07" -> "7"), else null. */
export function parseMinutes(text, maxMinutes) {
  if (typeof text !== "string" || !MINUTES.test(text)) return null;
  const value = Number(text);
  return value > 0 && value <= maxMinutes ? String(value) : null;
}

/** The select's choices: 5, 10 and 15 up to the maximum, plus the current value. */
export function minuteChoices(maxMinutes, current) {
  const values = new Set(STANDARD_MINUTES.filter((m) => m <= maxMinutes));
  if (!values.size) values.add(maxMinutes);
  const value = current == null ? NaN : Number(current);
  if (Number.isFinite(value) && value > 0 && value <= maxMinutes) values.add(value);
  return Array.from(values).sort((a, b) => a - b).map(String);
}

/** An ASCII decimal within [low, high], else null (no NaN, Infinity, 1e3 or blanks). */
export function parseCoordinate(text, low, high) {
  if (typeof text !== "string" || !DECIMAL.test(text)) return null;
  const value = Number(text);
  return Number.isFinite(value) && value >= low && value <= high ? value : null;
}

/** Whether [lon, lat] is within the bounds [west, south, east, north] plus the server's margin. */
export function inBounds(lon, lat, bounds) {
  if (!bounds) return true;
  const [west, south, east, north] = bounds;
  const latOk = lat >= south - COORD_MARGIN && lat <= north + COORD_MARGIN;
  const lonOk = west <= east
    ? lon >= west - COORD_MARGIN && lon <= east + COORD_MARGIN
    : lon >= west - COORD_MARGIN || lon <= east + COORD_MARGIN; // crosses the antimeridian
  return latOk && lonOk;
}

/**
 * The state a URL query describes, every value checked.
 *
 * @param {string} search  location.search
 * @param {{bounds: number[], maxMinutes: number, categories: string[], defaultLang?: string}} limits
 *   defaultLang: the language when the URL names none or an unknown one (see i18n chooseLang)
 */
export function readState(search, { bounds, maxMinutes, categories, defaultLang = "zh-Hans" }) {
  const params = new URLSearchParams(search);
  let lon = parseCoordinate(params.get("lon"), -180, 180);
  let lat = parseCoordinate(params.get("lat"), -90, 90);
  if (lon == null || lat == null || !inBounds(lon, lat, bounds)) {
    lon = null;
    lat = null;
  }
  const known = new Set(categories);
  const cats = params.has("cats")
    ? new Set(params.get("cats").split(",").filter((c) => known.has(c)))
    : new Set(categories);
  const siteParam = SITE_ID.test(params.get("site") || "") ? params.get("site") : null;
  const site = lon != null ? siteParam : null;
  return {
    lon,
    lat,
    minutes: parseMinutes(params.get("minutes"), maxMinutes) || fallbackMinutes(maxMinutes),
    pace: PACES.includes(params.get("pace")) ? params.get("pace") : "normal",
    cats,
    lang: normalizeLang(params.get("lang")) || defaultLang,
    site,
    focus: lon == null ? siteParam : null, // a site to show first (links from /site/<id>)
    profile: params.get("profile") === "step-free" ? "step-free" : "walk",
    openOnly: params.get("open") === "1",
    last: null, // the latest /api/reachable answer shown
  };
}

/** The URL query that restores the state (categories only when not all are ticked). */
export function stateQuery(state, categories) {
  const q = new URLSearchParams();
  if (state.lon != null && state.lat != null) {
    q.set("lon", state.lon.toFixed(6));
    q.set("lat", state.lat.toFixed(6));
  }
  q.set("minutes", state.minutes);
  q.set("pace", state.pace);
  if (!categories.every((c) => state.cats.has(c))) {
    q.set("cats", categories.filter((c) => state.cats.has(c)).join(","));
  }
  if (state.profile === "step-free") q.set("profile", "step-free");
  if (state.openOnly) q.set("open", "1");
  q.set("lang", state.lang);
  if (state.site && state.lon != null) q.set("site", state.site);
  return "?" + q.toString();
}

/** Write the state to the address bar once, only when it changed; true if it was written. */
export function writeURL(state, categories, win = window) {
  const query = stateQuery(state, categories);
  if (win.location.search === query) return false;
  win.history.replaceState(null, "", query + win.location.hash);
  return true;
}
