/* The page's words in Simplified Chinese, Traditional Chinese and English, the choice of a
   default language, and applying a language to the static page. */

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
  offers: "服务内容", address: "地址", phone: "电话", hours: "开放时间", website: "网站", you: "您的位置",
  no_match: "没有找到匹配的地点。", error: "出错了：", locating: "正在定位…",
  streets_error: "街道底图未能载入：",
  report: "纠错", report_title: (name) => `纠错：${name}`, report_message: "哪里有误？",
  report_contact: "联系方式（可选）", report_send: "提交", report_cancel: "取消",
  report_sending: "正在提交…", report_thanks: "谢谢，已提交", report_empty: "请填写纠错内容。",
  use_centre: "查询地图中心", map_label: "地图：方向键移动，加减号缩放；按“查询地图中心”从十字处查询",
  results: "结果", sheet_more: "展开结果", sheet_less: "收起结果",
  show_on_map: "（在地图上显示）",
  print: "打印", filters: (n, all) => (n === all ? `全部类别` : `${n} 个类别`),
  outside: "步行范围外", inside: "步行范围内",
  zoom_in: "放大", zoom_out: "缩小",
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
  offers: "服務內容", address: "地址", phone: "電話", hours: "開放時間", website: "網站", you: "您的位置",
  no_match: "沒有找到相符的地點。", error: "出錯了：", locating: "正在定位…",
  streets_error: "街道底圖未能載入：",
  report: "糾錯", report_title: (name) => `糾錯：${name}`, report_message: "哪裡有誤？",
  report_contact: "聯絡方式（可選）", report_send: "提交", report_cancel: "取消",
  report_sending: "正在提交…", report_thanks: "謝謝，已提交", report_empty: "請填寫糾錯內容。",
  use_centre: "查詢地圖中心", map_label: "地圖：方向鍵移動，加減號縮放；按「查詢地圖中心」從十字處查詢",
  results: "結果", sheet_more: "展開結果", sheet_less: "收起結果",
  show_on_map: "（在地圖上顯示）",
  print: "列印", filters: (n, all) => (n === all ? `全部類別` : `${n} 個類別`),
  outside: "步行範圍外", inside: "步行範圍內",
  zoom_in: "放大", zoom_out: "縮小",
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
  offers: "Offers", address: "Address", phone: "Phone", hours: "Opening hours", website: "Website",
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
  print: "Print",
  filters: (n, all) => (n === all ? "All categories" : `${n} categories`),
  outside: "Beyond the walk",
  inside: "Within the walk", zoom_in: "Zoom in", zoom_out: "Zoom out",
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
  root.querySelectorAll(".cat-label").forEach((e) => {
    e.textContent = categoryLabel(code, { key: e.dataset.key, zh: e.dataset.zh, en: e.dataset.en });
  });
}
