/* The planner page's words, from the gettext catalogues (learning_map/locale/<locale>/LC_MESSAGES/
   messages.po, read through catalogue.js) in the page's locale (zh_Hans, zh_Hant, en, pt). Every
   message is a gettext("English text", lang) or ngettext(...) call with literals, so
   `scripts/catalogues.sh update` finds it; values are named ({n}) and filled in after
   translation, so a translation may move them. */

import { gettext, ngettext } from "./catalogue.js";

/** A translated message with its named values filled in ("{n}" -> 3). */
function fill(text, values) {
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? String(values[name]) : whole));
}

/** The page's words in `lang`, by key (a function for the entries that take values). */
function words(lang) {
  return {
    title: gettext("Learning-circle planner", lang),
    subtitle: gettext("15-minute learning circles · planning assessment", lang),
    // Translators: the hidden label of the language choice.
    language: gettext("Language", lang),
    citizen_map: gettext("Citizen map", lang),
    // Translators: the planner's card of settings (category, walk, pace).
    settings: gettext("Analysis", lang),
    category: gettext("Site category", lang),
    all_sites: gettext("All learning sites", lang),
    // Translators: the label of the walking-time choice (Walk [15] min).
    minutes: gettext("Walk", lang),
    // Translators: minutes, after a number.
    min: gettext("min", lang),
    pace: gettext("Pace", lang),
    pace_adult: gettext("Adult (4.8 km/h)", lang),
    pace_elderly: gettext("Elderly (3.3 km/h)", lang),
    // Translators: which ways a walk may take: all of them, or step-free ones only.
    profile: gettext("Ways", lang),
    profile_walk: gettext("All ways", lang),
    profile_step_free: gettext("Step-free", lang),
    figure: gettext("Map figure", lang),
    who_residents: gettext("Share of residents", lang),
    who_elderly: gettext("Share of elderly residents", lang),
    city_total: gettext("City total", lang),
    row_residents: gettext("Residents", lang),
    row_elderly: gettext("Elderly residents", lang),
    // Translators: the current state of the city, beside a what-if scenario.
    baseline: gettext("Now", lang),
    scenario: gettext("Scenario", lang),
    change: gettext("Change", lang),
    whatif: gettext("What-if scenario", lang),
    whatif_on: gettext("What-if mode: on", lang),
    whatif_off: gettext("What-if mode: off", lang),
    whatif_hint_off: gettext("Turn what-if mode on, then click the map to propose a site or click a site to close it.", lang),
    whatif_hint_on: gettext("Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.", lang),
    add_category: gettext("Proposed site category", lang),
    clear: gettext("Clear all", lang),
    no_changes: gettext("No changes (as is)", lang),
    added: (name, lon, lat) => fill(gettext("Added {name} ({lon}, {lat})", lang), { name, lon, lat }),
    closed: (name) => fill(gettext("Closed {name}", lang), { name }),
    remove: gettext("Undo", lang),
    too_many: (n) => fill(ngettext("At most {n} proposed site.", "At most {n} proposed sites.", n, lang), { n }),
    too_many_closed: (n) => fill(ngettext("At most {n} closed site.", "At most {n} closed sites.", n, lang), { n }),
    picks: gettext("Recommended sites", lang),
    // Translators: the label of the choice of how many sites to recommend.
    k: gettext("How many", lang),
    // Translators: {n} is a number of people (already written with its digits).
    pick_line_residents: (count, n, share) => fill(ngettext("adds {n} resident · {share} in all", "adds {n} residents · {share} in all", count, lang), { n, share }),
    pick_line_elderly: (count, n, share) => fill(ngettext("adds {n} elderly resident · {share} in all", "adds {n} elderly residents · {share} in all", count, lang), { n, share }),
    no_picks: gettext("No new site adds anyone.", lang),
    add_pick: gettext("Propose it", lang),
    gaps: gettext("Gap areas", lang),
    gap_line_residents: (count, n, area) => fill(ngettext("{n} resident · {area} ha", "{n} residents · {area} ha", count, lang), { n, area }),
    gap_line_elderly: (count, n, area) => fill(ngettext("{n} elderly resident · {area} ha", "{n} elderly residents · {area} ha", count, lang), { n, area }),
    gap_nearest: (name, minutes) => fill(gettext("nearest: {name}, {minutes} min on foot", lang), { name, minutes }),
    gap_nearest_none: gettext("no such site within reach", lang),
    no_gaps: gettext("No gap areas.", lang),
    uncovered_residents: (count, n) => fill(ngettext("{n} resident not covered", "{n} residents not covered", count, lang), { n }),
    uncovered_elderly: (count, n) => fill(ngettext("{n} elderly resident not covered", "{n} elderly residents not covered", count, lang), { n }),
    more_gaps: (n) => fill(ngettext("{n} smaller gap not listed", "{n} smaller gaps not listed", n, lang), { n }),
    scorecard: gettext("Standards scorecard", lang),
    standard: gettext("Standard", lang),
    // Translators: the label of the scorecard's filter (all rows, city totals, failures).
    filter: gettext("Show", lang),
    filter_all: gettext("All", lang),
    filter_city: gettext("City totals", lang),
    filter_fail: gettext("Failures only", lang),
    rule: gettext("Rule", lang),
    unit: gettext("Unit", lang),
    limit: gettext("Limit", lang),
    // Translators: the measured value of a check, beside the required one.
    value: gettext("Value", lang),
    required: gettext("Required", lang),
    verdict: gettext("Verdict", lang),
    pass: gettext("pass", lang),
    fail: gettext("fail", lang),
    // Translators: a check that cannot be made (no units at that level).
    na: gettext("n/a", lang),
    checks_summary: (passed, n) => fill(ngettext("{passed} of {n} check passes", "{passed} of {n} checks pass", n, lang), { passed, n }),
    at_least: (n) => fill(ngettext("at least {n} site", "at least {n} sites", n, lang), { n }),
    no_units: gettext("No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.", lang),
    downloads: gettext("Downloads", lang),
    layer_figures: gettext("Unit figures", lang),
    layer_gaps: gettext("Gap areas", lang),
    layer_picks: gettext("Recommended sites", lang),
    layer_scorecard: gettext("Standards scorecard", lang),
    layer_sites: gettext("Sites (with scenario)", lang),
    legend: (who, minutes) => fill(gettext("{who} ({minutes} min)", lang), { who, minutes }),
    no_residents: gettext("no residents", lang),
    layer_units: gettext("Units", lang),
    layer_gap_areas: gettext("Gaps", lang),
    layer_sites_map: gettext("Sites", lang),
    layer_picks_map: gettext("Recommended", lang),
    updating: gettext("Computing…", lang),
    updated: (ms) => fill(gettext("Updated ({ms} ms)", lang), { ms }),
    error: (message) => fill(gettext("Error: {message}", lang), { message }),
    proposed: gettext("Proposed site", lang),
    closed_site: gettext("Closed (scenario)", lang),
    pick: (n) => fill(gettext("Recommended site {n}", lang), { n }),
    metres: gettext("in metres", lang),
    share_of: (share) => fill(gettext("{share} covered", lang), { share }),
    map_data: gettext("Map data", lang),
  };
}

const CACHE = new Map();

/** The text for `key` in `lang` (a function for entries that take values). */
export function plannerText(lang, key) {
  if (!CACHE.has(lang)) CACHE.set(lang, words(lang));
  const table = CACHE.get(lang);
  if (!(key in table)) throw new Error(`no planner text for ${key}`);
  return table[key];
}

/**
 * Put the language's words on every `data-i18n` element, and the category and standard names
 * (from the page's settings, one per locale) on their options.
 */
export function applyPlannerLanguage(lang, cfg, root = document) {
  document.documentElement.lang = lang.replace("_", "-");
  root.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = plannerText(lang, e.dataset.i18n); });
  const names = (list) => Object.fromEntries(list.map((item) => [item.key, item.labels]));
  const categories = names(cfg.categories);
  const standards = names(cfg.standards);
  root.querySelectorAll("[data-category]").forEach((e) => { e.textContent = categories[e.dataset.category][lang]; });
  root.querySelectorAll("[data-standard]").forEach((e) => { e.textContent = standards[e.dataset.standard][lang]; });
}

/** Choropleth classes: upper bounds of the share covered, and their colours (red = poorly served). */
export const SHARE_CLASSES = [
  { upTo: 0.5, color: "#b2182b", label: "< 50%" },
  { upTo: 0.7, color: "#ef8a62", label: "50–70%" },
  { upTo: 0.85, color: "#fddbc7", label: "70–85%" },
  { upTo: 0.95, color: "#92c5de", label: "85–95%" },
  { upTo: Infinity, color: "#2166ac", label: "≥ 95%" },
];

/** The class colour of a share (0..1), or grey when there is no share (no residents). */
export function shareColor(share) {
  if (share == null || !Number.isFinite(share)) return "#d9d9d9";
  return SHARE_CLASSES.find((c) => share < c.upTo).color;
}

/** The what-if as API query parameters: add=LON,LAT:CATEGORY and close=SITE_ID, repeated. */
export function whatIfParams(params, adds, closes) {
  for (const a of adds) params.append("add", `${a.lon.toFixed(6)},${a.lat.toFixed(6)}:${a.category}`);
  for (const id of closes) params.append("close", id);
  return params;
}
