/* The page's words in Simplified Chinese, Traditional Chinese and English, the choice of a
   default language, and applying a language to the static page. */

import { gettext } from "./catalogue.js";

export const LANGUAGES = ["zh-Hans", "zh-Hant", "en"];
/** Older links and the bilingual offline map say "zh": Simplified Chinese. */
const ALIASES = { zh: "zh-Hans" };

const HANS = {
  title: "15分钟学习圈", locate: "定位我的位置", search: "搜索", search_placeholder: "搜索地点或学习场所",
  search_label: "搜索地点或学习场所",
  minutes: "步行时间", min: "分钟", pace: "步速", pace_normal: "正常", pace_elderly: "老年人",
  step_free: "无台阶", open_now: "只看开放中", details: "详情",
  none_open: (m) => `步行 ${m} 分钟内此刻没有开放的学习场所（取消“只看开放中”可查看全部）。`,
  categories: "类别", category: "类别", hint: "点击地图选一个起点，查看步行可达的学习场所。",
  language: "语言 Language",
  found: (n, m) => `步行 ${m} 分钟内可到达 ${n} 处学习场所`,
  none: (m) => `步行 ${m} 分钟内没有可到达的学习场所。`,
  nearest: (name, m) => `最近的是「${name}」，步行约 ${m} 分钟。`,
  nothing: "附近没有可步行到达的学习场所。", walk: (m, d) => `步行 ${m} 分钟 · ${d} 米`,
  route: "路线", route_to: (name, m) => `到「${name}」的步行路线：约 ${m} 分钟`,
  offers: "服务内容", address: "地址", phone: "电话", hours: gettext("Opening hours", "zh-Hans"), website: "网站", you: "您的位置",
  no_match: "没有找到匹配的地点。", error: "出错了：", locating: "正在定位…",
  streets_error: "街道底图未能载入：",
  report: "纠错", report_title: (name) => `纠错：${name}`, report_message: "哪里有误？",
  report_contact: "联系方式（可选）", report_send: "提交", report_cancel: "取消",
  report_sending: "正在提交…", report_thanks: "谢谢，已提交", report_empty: "请填写纠错内容。",
  use_centre: "查询地图中心", map_label: "地图：方向键移动，加减号缩放；按“查询地图中心”从十字处查询",
  results: "结果", sheet_more: "展开结果", sheet_less: "收起结果",
  show_on_map: "（在地图上显示）",
  print: "打印", all_cities: "全部城市", filters: (n, all) => (n === all ? `全部类别` : `${n} 个类别`),
  outside: "步行范围外", inside: "步行范围内",
  zoom_in: "放大", zoom_out: "缩小",
  open_at: "开放时间", open_day: "日期", open_time: "时刻", day_today: "今天", day_tomorrow: "明天", now: "现在",
  wd_mo: "周一", wd_tu: "周二", wd_we: "周三", wd_th: "周四", wd_fr: "周五", wd_sa: "周六", wd_su: "周日",
  courses: "课程", course_category: "课程类别", any: "不限", audience: "对象", aud_elderly: "老年人",
  aud_youth: "青少年", weekday: "星期", time_of_day: "时段", tod_morning: "上午", tod_afternoon: "下午",
  tod_evening: "晚上", enrolling_only: "只看报名中", enrolling: "报名中",
  none_courses: (m) => `步行 ${m} 分钟内没有开设符合条件课程的学习场所。`,
  walk_curated_label: "推荐路线", walk_curated_none: "—",
  walk_curated: (title, n, a, e, km) => `推荐路线「${title}」：${n} 站，${km} 公里，约 ${a} 分钟（长者约 ${e} 分钟）。`,
  walk_title: "人文行走", walk_theme: "主题", walk_length: "时长", theme_history: "历史", theme_culture: "文化",
  theme_all: "全部", walk_button: "人文行走", walk_close: "返回学习场所", walk_loading: "正在规划人文行走路线…",
  walk_summary: (n, adult, elderly, km) => `人文行走：${n} 个站点，全程 ${km} 公里，约 ${adult} 分钟（老年人约 ${elderly} 分钟），回到起点。`,
  walk_none: "附近没有可在此时长内走到的人文景点。", walk_rest: "休息点", walk_rest_mark: "休", walk_rest_unnamed: "休息点（长椅、洗手间等）",
  walk_leg: (adult, elderly) => `步行 ${adult} 分钟（老年人 ${elderly} 分钟）`, walk_back: "回到起点",
};

const HANT = {
  title: "15分鐘學習圈", locate: "定位我的位置", search: "搜尋", search_placeholder: "搜尋地點或學習場所",
  search_label: "搜尋地點或學習場所",
  minutes: "步行時間", min: "分鐘", pace: "步速", pace_normal: "正常", pace_elderly: "長者",
  step_free: "無台階", open_now: "只看開放中", details: "詳情",
  none_open: (m) => `步行 ${m} 分鐘內此刻沒有開放的學習場所（取消「只看開放中」可查看全部）。`,
  categories: "類別", category: "類別", hint: "點擊地圖選一個起點，查看步行可達的學習場所。",
  language: "語言 Language",
  found: (n, m) => `步行 ${m} 分鐘內可到達 ${n} 處學習場所`,
  none: (m) => `步行 ${m} 分鐘內沒有可到達的學習場所。`,
  nearest: (name, m) => `最近的是「${name}」，步行約 ${m} 分鐘。`,
  nothing: "附近沒有可步行到達的學習場所。", walk: (m, d) => `步行 ${m} 分鐘 · ${d} 米`,
  route: "路線", route_to: (name, m) => `到「${name}」的步行路線：約 ${m} 分鐘`,
  offers: "服務內容", address: "地址", phone: "電話", hours: gettext("Opening hours", "zh-Hant"), website: "網站", you: "您的位置",
  no_match: "沒有找到相符的地點。", error: "出錯了：", locating: "正在定位…",
  streets_error: "街道底圖未能載入：",
  report: "糾錯", report_title: (name) => `糾錯：${name}`, report_message: "哪裡有誤？",
  report_contact: "聯絡方式（可選）", report_send: "提交", report_cancel: "取消",
  report_sending: "正在提交…", report_thanks: "謝謝，已提交", report_empty: "請填寫糾錯內容。",
  use_centre: "查詢地圖中心", map_label: "地圖：方向鍵移動，加減號縮放；按「查詢地圖中心」從十字處查詢",
  results: "結果", sheet_more: "展開結果", sheet_less: "收起結果",
  show_on_map: "（在地圖上顯示）",
  print: "列印", all_cities: "全部城市", filters: (n, all) => (n === all ? `全部類別` : `${n} 個類別`),
  outside: "步行範圍外", inside: "步行範圍內",
  zoom_in: "放大", zoom_out: "縮小",
  open_at: "開放時間", open_day: "日期", open_time: "時刻", day_today: "今天", day_tomorrow: "明天", now: "現在",
  wd_mo: "週一", wd_tu: "週二", wd_we: "週三", wd_th: "週四", wd_fr: "週五", wd_sa: "週六", wd_su: "週日",
  courses: "課程", course_category: "課程類別", any: "不限", audience: "對象", aud_elderly: "長者",
  aud_youth: "青少年", weekday: "星期", time_of_day: "時段", tod_morning: "上午", tod_afternoon: "下午",
  tod_evening: "晚上", enrolling_only: "只看報名中", enrolling: "報名中",
  none_courses: (m) => `步行 ${m} 分鐘內沒有開設符合條件課程的學習場所。`,
  walk_curated_label: "推薦路線", walk_curated_none: "—",
  walk_curated: (title, n, a, e, km) => `推薦路線「${title}」：${n} 站，${km} 公里，約 ${a} 分鐘（長者約 ${e} 分鐘）。`,
  walk_title: "人文行走", walk_theme: "主題", walk_length: "時長", theme_history: "歷史", theme_culture: "文化",
  theme_all: "全部", walk_button: "人文行走", walk_close: "返回學習場所", walk_loading: "正在規劃人文行走路線…",
  walk_summary: (n, adult, elderly, km) => `人文行走：${n} 個站點，全程 ${km} 公里，約 ${adult} 分鐘（長者約 ${elderly} 分鐘），回到起點。`,
  walk_none: "附近沒有可在此時長內走到的人文景點。", walk_rest: "休息點", walk_rest_mark: "休", walk_rest_unnamed: "休息點（長椅、洗手間等）",
  walk_leg: (adult, elderly) => `步行 ${adult} 分鐘（長者 ${elderly} 分鐘）`, walk_back: "回到起點",
};

const EN = {
  title: "15-minute learning circle", locate: "Locate me", search: "Search",
  search_placeholder: "Search a place or learning site", search_label: "Search a place or learning site",
  minutes: "Walk", min: "min",
  pace: "Pace", pace_normal: "Normal", pace_elderly: "Elderly", categories: "Categories",
  step_free: "Step-free", open_now: "Open now only", details: "Details",
  none_open: (m) => `No learning site within a ${m}-minute walk is open at this time (untick "Open now only" to see them all).`,
  category: "Category", language: "Language 语言",
  hint: "Click the map to pick a starting point and see the learning sites within walking distance.",
  found: (n, m) => `${n} learning sites within a ${m}-minute walk`,
  none: (m) => `No learning site within a ${m}-minute walk.`,
  nearest: (name, m) => `The nearest is "${name}", about ${m} min on foot.`,
  nothing: "No learning site can be reached on foot from here.",
  walk: (m, d) => `${m} min walk · ${d} m`, route: "Route",
  route_to: (name, m) => `Walking route to "${name}": about ${m} min`,
  offers: "Offers", address: "Address", phone: "Phone", hours: gettext("Opening hours", "en"), website: "Website",
  you: "You are here", no_match: "No matching place found.", error: "Error: ",
  locating: "Locating…", streets_error: "The street background did not load: ",
  report: "Report a mistake", report_title: (name) => `Report a mistake: ${name}`,
  report_message: "What is wrong?", report_contact: "Contact (optional)", report_send: "Send",
  report_cancel: "Cancel", report_sending: "Sending…", report_thanks: "Thank you, sent",
  report_empty: "Please describe the mistake.",
  use_centre: "Search from map centre",
  map_label: "Map: arrow keys move it, plus and minus zoom; \"Search from map centre\" uses the cross",
  results: "Results", sheet_more: "Show more results", sheet_less: "Show fewer results",
  show_on_map: " (show on the map)",
  print: "Print", all_cities: "All cities",
  filters: (n, all) => (n === all ? "All categories" : `${n} categories`),
  outside: "Beyond the walk",
  inside: "Within the walk", zoom_in: "Zoom in", zoom_out: "Zoom out",
  open_at: "Open at", open_day: "Day", open_time: "Time", day_today: "Today", day_tomorrow: "Tomorrow", now: "Now",
  wd_mo: "Mon", wd_tu: "Tue", wd_we: "Wed", wd_th: "Thu", wd_fr: "Fri", wd_sa: "Sat", wd_su: "Sun",
  courses: "Courses", course_category: "Course type", any: "Any", audience: "For", aud_elderly: "Older people",
  aud_youth: "Young people", weekday: "Weekday", time_of_day: "Time of day", tod_morning: "Morning",
  tod_afternoon: "Afternoon", tod_evening: "Evening", enrolling_only: "Enrolling now only", enrolling: "Enrolling",
  none_courses: (m) => `No learning site within a ${m}-minute walk offers a matching course.`,
  walk_curated_label: "Curated route", walk_curated_none: "—",
  walk_curated: (title, n, a, e, km) => `Curated route "${title}": ${n} stops, ${km} km, about ${a} min (older people about ${e} min).`,
  walk_title: "Humanities walk", walk_theme: "Theme", walk_length: "Length", theme_history: "History",
  theme_culture: "Culture", theme_all: "All", walk_button: "Humanities walk", walk_close: "Back to learning sites",
  walk_loading: "Planning a humanities walk…",
  walk_summary: (n, adult, elderly, km) => `Humanities walk: ${n} stops, ${km} km, about ${adult} min (older people about ${elderly} min), back to the start.`,
  walk_none: "No humanities sight can be reached and walked back from in this time.", walk_rest: "Rest", walk_rest_mark: "R",
  walk_rest_unnamed: "Rest point (bench, toilet…)",
  walk_leg: (adult, elderly) => `${adult} min walk (older people ${elderly} min)`, walk_back: "Back to the start",
};

export const I18N = { "zh-Hans": HANS, "zh-Hant": HANT, en: EN };

/** Category names in Traditional Chinese (the API gives Simplified and English). */
const CATEGORY_HANT = {
  community_learning: "社區學校/學習點", elderly_education: "長者教育", library: "圖書館",
  cultural_centre: "文化中心", school: "中小學", college: "學院", university: "大學",
};

/** A supported language code for `lang` ("zh" becomes "zh-Hans"), else null. */
export function normalizeLang(lang) {
  if (typeof lang !== "string") return null;
  const code = ALIASES[lang] || lang;
  return LANGUAGES.includes(code) ? code : null;
}

/**
 * The language of a browser locale (navigator.language): Traditional for Taiwan, Hong Kong and
 * Macau or an explicit Hant, Simplified for other Chinese, English for English, else null.
 */
export function langFromLocale(locale) {
  if (typeof locale !== "string" || !locale) return null;
  const tag = locale.toLowerCase();
  if (/^zh(-hant|-tw|-hk|-mo)/.test(tag)) return "zh-Hant";
  if (tag.startsWith("zh")) return "zh-Hans";
  if (tag.startsWith("en")) return "en";
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
  const table = I18N[normalizeLang(lang)] || HANS;
  if (!(key in table)) throw new Error(`no text for ${key}`);
  return table[key];
}

/** "中文 English" for the bilingual offline map (plain-text entries only). */
export function bilingual(key) {
  return `${translate("zh-Hans", key)} ${translate("en", key)}`;
}

/** Category name in the language: the API's category_zh/category_en, or a category's zh/en. */
export function categoryLabel(lang, item) {
  if (lang === "en") return item.category_en || item.en || "";
  if (lang === "zh-Hant") {
    const key = item.category || item.key;
    if (CATEGORY_HANT[key]) return CATEGORY_HANT[key];
  }
  return item.category_zh || item.zh || "";
}

/**
 * A site's name in the language: the API's `names` in that script (zh-Hans, zh-Hant, en), else
 * its one `name`.
 */
export function siteName(lang, props) {
  const names = props && props.names;
  return (names && names[normalizeLang(lang)]) || (props && props.name) || "";
}

/** The Portuguese name to show under the name when the data has one that is not already shown. */
export function secondaryName(lang, props) {
  const pt = props && props.names && props.names.pt;
  return pt && !siteName(lang, props).includes(pt) ? pt : "";
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
    e.textContent = code === "en" ? e.dataset.en : code === "zh-Hant" ? e.dataset.hant : e.dataset.zh;
  });
  root.querySelectorAll(".cat-label").forEach((e) => {
    e.textContent = categoryLabel(code, { key: e.dataset.key, zh: e.dataset.zh, en: e.dataset.en });
  });
}
