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
/** "Open at": a day word (empty: today) and a 24-hour HH:MM (empty: now), as the API takes them. */
export const OPEN_DAYS = ["tomorrow", "mo", "tu", "we", "th", "fr", "sa", "su"];
const CLOCK = /^([01]\d|2[0-3]):[0-5]\d$/;
/** Course filter words (the API's audience, weekday and time_of_day). */
export const AUDIENCES = ["elderly", "youth"];
export const WEEKDAYS = ["mo", "tu", "we", "th", "fr", "sa", "su"];
export const TIMES_OF_DAY = ["morning", "afternoon", "evening"];
/** Humanities walks: themes and lengths (minutes) the page offers, as /api/walk takes them. */
export const WALK_THEMES = ["history", "culture", "all"];
export const WALK_MINUTES = ["30", "45", "60", "90"];

/** `value` when it is one of `choices`, else "" (any). */
const oneOf = (value, choices) => (choices.includes(value) ? value : "");

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
 * @param {{bounds: number[], maxMinutes: number, categories: string[], defaultLang?: string,
 *   courseCategories?: string[]}} limits
 *   defaultLang: the language when the URL names none or an unknown one (see i18n chooseLang);
 *   courseCategories: the course categories the page offers
 */
export function readState(search, { bounds, maxMinutes, categories, defaultLang = "zh-Hans", courseCategories = [] }) {
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
    openDay: oneOf(params.get("day"), OPEN_DAYS),
    openTime: CLOCK.test(params.get("at") || "") ? params.get("at") : "",
    courses: {
      category: oneOf(params.get("course"), courseCategories),
      audience: oneOf(params.get("audience"), AUDIENCES),
      weekday: oneOf(params.get("weekday"), WEEKDAYS),
      timeOfDay: oneOf(params.get("tod"), TIMES_OF_DAY),
      enrolling: params.get("enrolling") === "1",
    },
    walkTheme: oneOf(params.get("walk"), WALK_THEMES), // set while a walk is shown
    walkMinutes: oneOf(params.get("walk_minutes"), WALK_MINUTES) || "60",
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
  if (state.openDay) q.set("day", state.openDay);
  if (state.openTime) q.set("at", state.openTime);
  const c = state.courses || {};
  if (c.category) q.set("course", c.category);
  if (c.audience) q.set("audience", c.audience);
  if (c.weekday) q.set("weekday", c.weekday);
  if (c.timeOfDay) q.set("tod", c.timeOfDay);
  if (c.enrolling) q.set("enrolling", "1");
  q.set("lang", state.lang);
  if (state.site && state.lon != null) q.set("site", state.site);
  if (state.walkTheme && state.lon != null) {
    q.set("walk", state.walkTheme);
    q.set("walk_minutes", state.walkMinutes);
  }
  return "?" + q.toString();
}

/** Write the state to the address bar once, only when it changed; true if it was written. */
export function writeURL(state, categories, win = window) {
  const query = stateQuery(state, categories);
  if (win.location.search === query) return false;
  win.history.replaceState(null, "", query + win.location.hash);
  return true;
}

/** Whether any course filter is set (the list then shows each site's matching courses). */
export function courseFilterActive(courses) {
  return Boolean(courses && (courses.category || courses.audience || courses.weekday || courses.timeOfDay || courses.enrolling));
}

/** The /api/reachable parameters of the course filter and the "open at" moment (unset: left out). */
export function filterQuery(state) {
  const c = state.courses || {};
  return {
    course_category: c.category || null, audience: c.audience || null, weekday: c.weekday || null,
    time_of_day: c.timeOfDay || null, enrolling: c.enrolling ? "true" : null,
    open_day: state.openDay || (state.openTime ? "today" : null), open_time: state.openTime || null,
  };
}
