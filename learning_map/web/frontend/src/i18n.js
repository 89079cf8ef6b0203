/* The page's words in Chinese and English, and applying a language to the static page. */

export const LANGUAGES = ["zh", "en"];

export const I18N = {
  zh: {
    title: "15分钟学习圈", locate: "定位我的位置", search: "搜索", search_placeholder: "搜索地点或学习场所",
    minutes: "步行时间", min: "分钟", pace: "步速", pace_normal: "正常", pace_elderly: "老年人",
    categories: "类别", category: "类别", hint: "点击地图，查看步行可达的学习场所。", lang: "English",
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
  },
  en: {
    title: "15-minute learning circle", locate: "Locate me", search: "Search",
    search_placeholder: "Search a place or learning site", minutes: "Walk", min: "min",
    pace: "Pace", pace_normal: "Normal", pace_elderly: "Elderly", categories: "Categories",
    category: "Category",
    hint: "Click the map to see the learning sites within walking distance.", lang: "中文",
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
  },
};

/** The text for `key` in `lang` (a function for the entries that take values). */
export function translate(lang, key) {
  const table = I18N[lang] || I18N.zh;
  if (!(key in table)) throw new Error(`no text for ${key}`);
  return table[key];
}

/** "中文 English" for the bilingual offline map (plain-text entries only). */
export function bilingual(key) {
  return `${translate("zh", key)} ${translate("en", key)}`;
}

/** Category name in the language: the API's category_zh/category_en, or a category's zh/en. */
export function categoryLabel(lang, item) {
  if (lang === "en") return item.category_en || item.en || "";
  return item.category_zh || item.zh || "";
}

/** Put the language's words on every `data-i18n` element and placeholder under root. */
export function applyLanguage(lang, root = document) {
  document.documentElement.lang = lang;
  root.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = translate(lang, e.dataset.i18n); });
  root.querySelectorAll("[data-i18n-placeholder]").forEach((e) => {
    e.placeholder = translate(lang, e.dataset.i18nPlaceholder);
  });
  root.querySelectorAll(".cat-label").forEach((e) => { e.textContent = e.dataset[lang] || ""; });
}
