/* The citizen page's words, from the gettext catalogues (learning_map/locale/<locale>/
   LC_MESSAGES/messages.po, read through catalogue.js): the language choice, a default language,
   and applying a language to the static page. Every message is a gettext("English text", lang)
   call with a literal, so `scripts/catalogues.sh update` finds it; values are named ({minutes})
   and filled in after translation, so a translation may move them. */

import { gettext } from "./catalogue.js";

/** The page languages, in the order of the language choice. */
export const LANGUAGES = ["zh-Hans", "zh-Hant", "en", "pt"];
/** Older links and the bilingual offline map say "zh": Simplified Chinese. */
const ALIASES = { zh: "zh-Hans" };

/**
 * A translated message with its named values filled in ("{minutes}" -> 15); numbers written
 * the language's way (3.5 in English and Chinese, 3,5 in Portuguese; no thousands separator).
 */
export function fill(text, values, lang) {
  const number = new Intl.NumberFormat(lang, { useGrouping: false, maximumFractionDigits: 2 });
  const show = (value) => (typeof value === "number" ? number.format(value) : String(value));
  return text.replace(/\{(\w+)\}/g, (whole, name) => (name in values ? show(values[name]) : whole));
}

/** Kilometres with one decimal (4.7 km; 4,7 km in Portuguese). */
function kilometres(lang, km) {
  if (typeof km !== "number") return km;
  return new Intl.NumberFormat(lang, { useGrouping: false, minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(km);
}

/** The page's words in `lang`, by key (a function for the entries that take values). */
function words(lang) {
  return {
    title: gettext("15-minute learning circle", lang),
    locate: gettext("Locate me", lang),
    search: gettext("Search", lang),
    search_placeholder: gettext("Search a place or learning site", lang),
    search_label: gettext("Search a place or learning site", lang),
    // Translators: the label of the walking-time choice (步行时间 [15] 分钟).
    minutes: gettext("Walk", lang),
    // Translators: minutes, after a number.
    min: gettext("min", lang),
    pace: gettext("Pace", lang),
    pace_normal: gettext("Normal", lang),
    // Translators: the slower walking pace of older people (a choice under "Pace").
    pace_elderly: gettext("Elderly", lang),
    step_free: gettext("Step-free", lang),
    open_now: gettext("Open now only", lang),
    details: gettext("Details", lang),
    none_open: (minutes) => fill(gettext(
      "No learning site within a {minutes}-minute walk is open at this time (untick \"Open now only\" to see them all).",
      lang), { minutes }, lang),
    categories: gettext("Categories", lang),
    category: gettext("Category", lang),
    hint: gettext("Click the map to pick a starting point and see the learning sites within walking distance.", lang),
    // Translators: the hidden label of the language choice (each choice is named in its own
    // language, so a reader who cannot read this one still finds theirs).
    language: gettext("Language", lang),
    // Translators: {n} is a number of sites; in a language whose plural depends on it, say it
    // so that any number reads well ("Sites: {n}").
    found: (n, minutes) => fill(gettext("{n} learning sites within a {minutes}-minute walk", lang), { n, minutes }, lang),
    none: (minutes) => fill(gettext("No learning site within a {minutes}-minute walk.", lang), { minutes }, lang),
    nearest: (name, minutes) => fill(gettext("The nearest is \"{name}\", about {minutes} min on foot.", lang),
      { name, minutes }, lang),
    nothing: gettext("No learning site can be reached on foot from here.", lang),
    walk: (minutes, metres) => fill(gettext("{minutes} min walk · {metres} m", lang), { minutes, metres }, lang),
    route: gettext("Route", lang),
    route_to: (name, minutes) => fill(gettext("Walking route to \"{name}\": about {minutes} min", lang), { name, minutes }, lang),
    // Translators: what a site offers (its description).
    offers: gettext("Offers", lang),
    address: gettext("Address", lang),
    phone: gettext("Phone", lang),
    hours: gettext("Opening hours", lang),
    website: gettext("Website", lang),
    you: gettext("You are here", lang),
    no_match: gettext("No matching place found.", lang),
    error: (message) => fill(gettext("Error: {message}", lang), { message }, lang),
    locating: gettext("Locating…", lang),
    report: gettext("Report a mistake", lang),
    report_title: (name) => fill(gettext("Report a mistake: {name}", lang), { name }, lang),
    report_message: gettext("What is wrong?", lang),
    report_contact: gettext("Contact (optional)", lang),
    report_send: gettext("Send", lang),
    report_cancel: gettext("Cancel", lang),
    report_sending: gettext("Sending…", lang),
    report_thanks: gettext("Thank you, sent", lang),
    report_empty: gettext("Please describe the mistake.", lang),
    use_centre: gettext("Search from map centre", lang),
    map_label: gettext(
      "Map: arrow keys move it, plus and minus zoom; \"Search from map centre\" uses the cross", lang),
    results: gettext("Results", lang),
    sheet_more: gettext("Show more results", lang),
    sheet_less: gettext("Show fewer results", lang),
    // Translators: hidden text after a site's name on its button; starts with a space where the
    // language puts one before brackets.
    show_on_map: gettext(" (show on the map)", lang),
    print: gettext("Print", lang),
    all_cities: gettext("All cities", lang),
    filters: (n, all) => (n === all ? gettext("All categories", lang)
      // Translators: how many categories are ticked ({n} of them, fewer than all).
      : fill(gettext("{n} categories", lang), { n }, lang)),
    outside: gettext("Beyond the walk", lang),
    inside: gettext("Within the walk", lang),
    zoom_in: gettext("Zoom in", lang),
    zoom_out: gettext("Zoom out", lang),
    // Translators: a filter: the sites open on a chosen day and time.
    open_at: gettext("Open at", lang),
    open_day: gettext("Day", lang),
    // Translators: a time of day (the "Open at" filter).
    open_time: gettext("Time", lang),
    day_today: gettext("Today", lang),
    day_tomorrow: gettext("Tomorrow", lang),
    now: gettext("Now", lang),
    wd_mo: gettext("Mon", lang),
    wd_tu: gettext("Tue", lang),
    wd_we: gettext("Wed", lang),
    wd_th: gettext("Thu", lang),
    wd_fr: gettext("Fri", lang),
    wd_sa: gettext("Sat", lang),
    wd_su: gettext("Sun", lang),
    courses: gettext("Courses", lang),
    course_category: gettext("Course type", lang),
    // Translators: a filter's "no restriction" choice.
    any: gettext("Any", lang),
    // Translators: whom a course is for (a filter).
    audience: gettext("For", lang),
    aud_elderly: gettext("Older people", lang),
    aud_youth: gettext("Young people", lang),
    weekday: gettext("Weekday", lang),
    time_of_day: gettext("Time of day", lang),
    tod_morning: gettext("Morning", lang),
    tod_afternoon: gettext("Afternoon", lang),
    tod_evening: gettext("Evening", lang),
    enrolling_only: gettext("Enrolling now only", lang),
    enrolling: gettext("Enrolling", lang),
    none_courses: (minutes) => fill(gettext(
      "No learning site within a {minutes}-minute walk offers a matching course.", lang), { minutes }, lang),
    walk_curated_label: gettext("Curated route", lang),
    walk_curated_none: "—",
    walk_curated: (title, stops, adult, elderly, km) => fill(gettext(
      "Curated route \"{title}\": {stops} stops, {km} km, about {adult} min (older people about {elderly} min).",
      lang), { title, stops, adult, elderly, km: kilometres(lang, km) }, lang),
    walk_title: gettext("Humanities walk", lang),
    walk_theme: gettext("Theme", lang),
    // Translators: how long a humanities walk takes (a choice in minutes).
    walk_length: gettext("Length", lang),
    theme_history: gettext("History", lang),
    theme_culture: gettext("Culture", lang),
    // Translators: every theme of a humanities walk.
    theme_all: gettext("All", lang),
    walk_button: gettext("Humanities walk", lang),
    walk_close: gettext("Back to learning sites", lang),
    walk_loading: gettext("Planning a humanities walk…", lang),
    walk_summary: (stops, adult, elderly, km) => fill(gettext(
      "Humanities walk: {stops} stops, {km} km, about {adult} min (older people about {elderly} min), back to the start.",
      lang), { stops, adult, elderly, km: kilometres(lang, km) }, lang),
    walk_none: gettext("No humanities sight can be reached and walked back from in this time.", lang),
    // Translators: a rest stop of a walk (a bench, a toilet).
    walk_rest: gettext("Rest", lang),
    // Translators: the one letter or character on a rest stop's map marker.
    walk_rest_mark: gettext("R", lang),
    walk_rest_unnamed: gettext("Rest point (bench, toilet…)", lang),
    walk_leg: (adult, elderly) => fill(gettext("{adult} min walk (older people {elderly} min)", lang), { adult, elderly }, lang),
    walk_back: gettext("Back to the start", lang),
    map_data: gettext("Map data", lang),
  };
}

export const I18N = Object.fromEntries(LANGUAGES.map((lang) => [lang, words(lang)]));

/**
 * Category names from the catalogues, for the languages the API does not give them in (it
 * gives Simplified Chinese and English: category_zh/category_en, which a city may word its own way).
 */
function categoryWords(lang) {
  return {
    community_learning: gettext("Community school / learning point", lang),
    elderly_education: gettext("Elderly education", lang),
    library: gettext("Library", lang),
    cultural_centre: gettext("Cultural centre", lang),
    school: gettext("School", lang),
    college: gettext("College", lang),
    university: gettext("University", lang),
  };
}
const CATEGORY_WORDS = { "zh-Hant": categoryWords("zh-Hant"), pt: categoryWords("pt") };
/** A supported language code for `lang` ("zh" becomes "zh-Hans"), else null. */
export function normalizeLang(lang) {
  if (typeof lang !== "string") return null;
  const code = ALIASES[lang] || lang;
  return LANGUAGES.includes(code) ? code : null;
}

/**
 * The language of a browser locale (navigator.language): Traditional for Taiwan, Hong Kong and
 * Macau or an explicit Hant, Simplified for other Chinese, English for English, Portuguese for
 * Portuguese, else null.
 */
export function langFromLocale(locale) {
  if (typeof locale !== "string" || !locale) return null;
  const tag = locale.toLowerCase();
  if (/^zh(-hant|-tw|-hk|-mo)/.test(tag)) return "zh-Hant";
  if (tag.startsWith("zh")) return "zh-Hans";
  if (tag.startsWith("en")) return "en";
  if (tag.startsWith("pt")) return "pt";
  return null;
}

/**
 * The page's language: the link's, else the reader's saved choice, else the city's, else the
 * browser's, else Simplified Chinese.
 */
export function chooseLang({ url, saved, city, locale }) {
  return normalizeLang(url) || normalizeLang(saved) || normalizeLang(city) || langFromLocale(locale) || "zh-Hans";
}

/** The text for `key` in `lang` (a function for the entries that take values). */
export function translate(lang, key) {
  const table = I18N[normalizeLang(lang)] || I18N["zh-Hans"];
  if (!(key in table)) throw new Error(`no text for ${key}`);
  return table[key];
}

/** "中文 English" for the bilingual offline map (plain-text entries only). */
export function bilingual(key) {
  return `${translate("zh-Hans", key)} ${translate("en", key)}`;
}

/**
 * Category name in the language: the API's category_zh/category_en (or a category's zh/en);
 * 繁體 and Portuguese from the catalogues (a category they do not know: the Chinese or English).
 */
export function categoryLabel(lang, item) {
  const words = CATEGORY_WORDS[lang];
  const key = item.category || item.key;
  if (words && words[key]) return words[key];
  if (lang === "en" || lang === "pt") return item.category_en || item.en || "";
  return item.category_zh || item.zh || "";
}

/**
 * A site's name in the language: the API's `names` in that script (zh-Hans, zh-Hant, en, pt:
 * the Portuguese name first on a Portuguese page, else the English one), else its one `name`.
 */
export function siteName(lang, props) {
  const names = props && props.names;
  const code = normalizeLang(lang);
  // A Portuguese page without a Portuguese name: the English one reads better than the Chinese.
  const latin = code === "pt" && names ? names.en : "";
  return (names && names[code]) || latin || (props && props.name) || "";
}

// A Chinese character (the CJK blocks).
const HAN = /[\u3400-\u9fff\uf900-\ufaff]/u;

/** The Portuguese name to show under the name when the data has one that is not already shown. */
export function secondaryName(lang, props) {
  const pt = props && props.names && props.names.pt;
  // names.pt falls back to the Chinese name where OSM has no name:pt: only a Portuguese name
  // (no Chinese character) is shown as the second line.
  return pt && !HAN.test(pt) && !siteName(lang, props).includes(pt) ? pt : "";
}

/** Put the language's words on every `data-i18n` element, placeholder and label under root. */
export function applyLanguage(lang, root = document) {
  const code = normalizeLang(lang) || "zh-Hans";
  document.documentElement.lang = code;
  root.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = translate(code, e.dataset.i18n); });
  root.querySelectorAll("[data-i18n-placeholder]").forEach((e) => {
    e.placeholder = translate(code, e.dataset.i18nPlaceholder);
  });
  root.querySelectorAll("[data-i18n-label]").forEach((e) => {
    e.setAttribute("aria-label", translate(code, e.dataset.i18nLabel));
  });
  root.querySelectorAll(".course-cat").forEach((e) => {
    const byCode = { "zh-Hant": e.dataset.hant, en: e.dataset.en, pt: e.dataset.pt || e.dataset.en };
    e.textContent = byCode[code] || e.dataset.zh;
  });
  root.querySelectorAll(".cat-label").forEach((e) => {
    e.textContent = categoryLabel(code, { key: e.dataset.key, zh: e.dataset.zh, en: e.dataset.en });
  });
}
