/* Built from learning_map/web/frontend/src/citizen.js by `npm run build` (esbuild). Do not edit: change the modules in learning_map/web/frontend/src/. */
(() => {
  // learning_map/web/frontend/src/api.js
  var Superseded = class extends Error {
    constructor(key) {
      super(`${key}: superseded by a newer request`);
      this.name = "Superseded";
    }
  };
  var ApiError = class extends Error {
    constructor(status, body) {
      const error = body && body.error;
      const text = error ? (error.parameter ? `${error.parameter}: ` : "") + error.message : `HTTP ${status}`;
      super(text);
      this.name = "ApiError";
      this.status = status;
    }
  };
  function isSuperseded(err) {
    return err instanceof Superseded || err != null && err.name === "AbortError";
  }
  function queryString(query2) {
    const q = new URLSearchParams();
    for (const [key, value] of Object.entries(query2 || {})) {
      if (value != null) q.set(key, String(value));
    }
    const text = q.toString();
    return text ? "?" + text : "";
  }
  function createApi(fetchImpl = (...args) => window.fetch(...args)) {
    const latest = /* @__PURE__ */ new Map();
    function cancel(key) {
      const controller = latest.get(key);
      if (controller) {
        latest.delete(key);
        controller.abort();
      }
    }
    async function get(path, query2, key = path) {
      cancel(key);
      const controller = new AbortController();
      latest.set(key, controller);
      try {
        const response = await fetchImpl(path + queryString(query2), {
          signal: controller.signal,
          headers: { Accept: "application/json" }
        });
        let body = null;
        try {
          body = await response.json();
        } catch (err) {
          if (isSuperseded(err)) throw err;
          body = null;
        }
        if (latest.get(key) !== controller) throw new Superseded(key);
        if (!response.ok || body == null) throw new ApiError(response.status, body);
        return body;
      } catch (err) {
        if (latest.get(key) !== controller) throw new Superseded(key);
        throw err;
      } finally {
        if (latest.get(key) === controller) latest.delete(key);
      }
    }
    async function post(path, data) {
      const response = await fetchImpl(path, {
        method: "POST",
        headers: { Accept: "application/json", "Content-Type": "application/json" },
        body: JSON.stringify(data)
      });
      const body = await response.json().catch(() => null);
      if (!response.ok || body == null) throw new ApiError(response.status, body);
      return body;
    }
    return { get, post, cancel };
  }

  // learning_map/web/frontend/src/dom.js
  function el(tag, text, className) {
    const node = document.createElement(tag);
    if (text != null) node.textContent = String(text);
    if (className) node.className = className;
    return node;
  }
  function byId(id) {
    const node = document.getElementById(id);
    if (!node) throw new Error(`#${id} is missing from the page`);
    return node;
  }
  function safeHref(text) {
    if (typeof text !== "string" || !/^https?:\/\//i.test(text.trim())) return null;
    let url;
    try {
      url = new URL(text.trim());
    } catch {
      return null;
    }
    return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
  }
  function linkOrText(text, url = text) {
    const href = safeHref(url);
    if (!href) return document.createTextNode(String(text));
    const a = el("a", text);
    a.setAttribute("href", href);
    a.setAttribute("rel", "noopener noreferrer");
    a.setAttribute("target", "_blank");
    return a;
  }
  function detailLine(label2, value, className = "details") {
    const line = el("div", null, className);
    line.append(el("span", `${label2}: `, "label"), typeof value === "string" ? el("span", value) : value);
    return line;
  }

  // learning_map/web/frontend/src/i18n.js
  var LANGUAGES = ["zh-Hans", "zh-Hant", "en"];
  var ALIASES = { zh: "zh-Hans" };
  var HANS = {
    title: "15分钟学习圈",
    locate: "定位我的位置",
    search: "搜索",
    search_placeholder: "搜索地点或学习场所",
    search_label: "搜索地点或学习场所",
    minutes: "步行时间",
    min: "分钟",
    pace: "步速",
    pace_normal: "正常",
    pace_elderly: "老年人",
    categories: "类别",
    category: "类别",
    hint: "点击地图选一个起点，查看步行可达的学习场所。",
    language: "语言 Language",
    found: (n, m) => `步行 ${m} 分钟内可到达 ${n} 处学习场所`,
    none: (m) => `步行 ${m} 分钟内没有可到达的学习场所。`,
    nearest: (name, m) => `最近的是「${name}」，步行约 ${m} 分钟。`,
    nothing: "附近没有可步行到达的学习场所。",
    walk: (m, d) => `步行 ${m} 分钟 · ${d} 米`,
    route: "路线",
    route_to: (name, m) => `到「${name}」的步行路线：约 ${m} 分钟`,
    offers: "服务内容",
    address: "地址",
    phone: "电话",
    hours: "开放时间",
    website: "网站",
    you: "您的位置",
    no_match: "没有找到匹配的地点。",
    error: "出错了：",
    locating: "正在定位…",
    streets_error: "街道底图未能载入：",
    report: "纠错",
    report_title: (name) => `纠错：${name}`,
    report_message: "哪里有误？",
    report_contact: "联系方式（可选）",
    report_send: "提交",
    report_cancel: "取消",
    report_sending: "正在提交…",
    report_thanks: "谢谢，已提交",
    report_empty: "请填写纠错内容。",
    use_centre: "查询地图中心",
    map_label: "地图：方向键移动，加减号缩放；按“查询地图中心”从十字处查询",
    results: "结果",
    sheet_more: "展开结果",
    sheet_less: "收起结果",
    show_on_map: (name) => `在地图上显示：${name}`,
    print: "打印",
    filters: (n, all) => n === all ? `全部类别` : `${n} 个类别`,
    outside: "步行范围外",
    inside: "步行范围内",
    zoom_in: "放大",
    zoom_out: "缩小"
  };
  var HANT = {
    title: "15分鐘學習圈",
    locate: "定位我的位置",
    search: "搜尋",
    search_placeholder: "搜尋地點或學習場所",
    search_label: "搜尋地點或學習場所",
    minutes: "步行時間",
    min: "分鐘",
    pace: "步速",
    pace_normal: "正常",
    pace_elderly: "長者",
    categories: "類別",
    category: "類別",
    hint: "點擊地圖選一個起點，查看步行可達的學習場所。",
    language: "語言 Language",
    found: (n, m) => `步行 ${m} 分鐘內可到達 ${n} 處學習場所`,
    none: (m) => `步行 ${m} 分鐘內沒有可到達的學習場所。`,
    nearest: (name, m) => `最近的是「${name}」，步行約 ${m} 分鐘。`,
    nothing: "附近沒有可步行到達的學習場所。",
    walk: (m, d) => `步行 ${m} 分鐘 · ${d} 米`,
    route: "路線",
    route_to: (name, m) => `到「${name}」的步行路線：約 ${m} 分鐘`,
    offers: "服務內容",
    address: "地址",
    phone: "電話",
    hours: "開放時間",
    website: "網站",
    you: "您的位置",
    no_match: "沒有找到相符的地點。",
    error: "出錯了：",
    locating: "正在定位…",
    streets_error: "街道底圖未能載入：",
    report: "糾錯",
    report_title: (name) => `糾錯：${name}`,
    report_message: "哪裡有誤？",
    report_contact: "聯絡方式（可選）",
    report_send: "提交",
    report_cancel: "取消",
    report_sending: "正在提交…",
    report_thanks: "謝謝，已提交",
    report_empty: "請填寫糾錯內容。",
    use_centre: "查詢地圖中心",
    map_label: "地圖：方向鍵移動，加減號縮放；按「查詢地圖中心」從十字處查詢",
    results: "結果",
    sheet_more: "展開結果",
    sheet_less: "收起結果",
    show_on_map: (name) => `在地圖上顯示：${name}`,
    print: "列印",
    filters: (n, all) => n === all ? `全部類別` : `${n} 個類別`,
    outside: "步行範圍外",
    inside: "步行範圍內",
    zoom_in: "放大",
    zoom_out: "縮小"
  };
  var EN = {
    title: "15-minute learning circle",
    locate: "Locate me",
    search: "Search",
    search_placeholder: "Search a place or learning site",
    search_label: "Search a place or learning site",
    minutes: "Walk",
    min: "min",
    pace: "Pace",
    pace_normal: "Normal",
    pace_elderly: "Elderly",
    categories: "Categories",
    category: "Category",
    language: "Language 语言",
    hint: "Click the map to pick a starting point and see the learning sites within walking distance.",
    found: (n, m) => `${n} learning sites within a ${m}-minute walk`,
    none: (m) => `No learning site within a ${m}-minute walk.`,
    nearest: (name, m) => `The nearest is "${name}", about ${m} min on foot.`,
    nothing: "No learning site can be reached on foot from here.",
    walk: (m, d) => `${m} min walk · ${d} m`,
    route: "Route",
    route_to: (name, m) => `Walking route to "${name}": about ${m} min`,
    offers: "Offers",
    address: "Address",
    phone: "Phone",
    hours: "Opening hours",
    website: "Website",
    you: "You are here",
    no_match: "No matching place found.",
    error: "Error: ",
    locating: "Locating…",
    streets_error: "The street background did not load: ",
    report: "Report a mistake",
    report_title: (name) => `Report a mistake: ${name}`,
    report_message: "What is wrong?",
    report_contact: "Contact (optional)",
    report_send: "Send",
    report_cancel: "Cancel",
    report_sending: "Sending…",
    report_thanks: "Thank you, sent",
    report_empty: "Please describe the mistake.",
    use_centre: "Search from map centre",
    map_label: 'Map: arrow keys move it, plus and minus zoom; "Search from map centre" uses the cross',
    results: "Results",
    sheet_more: "Show more results",
    sheet_less: "Show fewer results",
    show_on_map: (name) => `Show on the map: ${name}`,
    print: "Print",
    filters: (n, all) => n === all ? "All categories" : `${n} categories`,
    outside: "Beyond the walk",
    inside: "Within the walk",
    zoom_in: "Zoom in",
    zoom_out: "Zoom out"
  };
  var I18N = { "zh-Hans": HANS, "zh-Hant": HANT, en: EN };
  var CATEGORY_HANT = {
    community_learning: "社區學校/學習點",
    elderly_education: "長者教育",
    library: "圖書館",
    cultural_centre: "文化中心",
    school: "中小學",
    college: "學院",
    university: "大學"
  };
  function normalizeLang(lang) {
    if (typeof lang !== "string") return null;
    const code = ALIASES[lang] || lang;
    return LANGUAGES.includes(code) ? code : null;
  }
  function langFromLocale(locale) {
    if (typeof locale !== "string" || !locale) return null;
    const tag = locale.toLowerCase();
    if (/^zh(-hant|-tw|-hk|-mo)/.test(tag)) return "zh-Hant";
    if (tag.startsWith("zh")) return "zh-Hans";
    if (tag.startsWith("en")) return "en";
    return null;
  }
  function chooseLang({ url, saved, city: city2, locale }) {
    return normalizeLang(url) || normalizeLang(saved) || normalizeLang(city2) || langFromLocale(locale) || "zh-Hans";
  }
  function translate(lang, key) {
    const table = I18N[normalizeLang(lang)] || HANS;
    if (!(key in table)) throw new Error(`no text for ${key}`);
    return table[key];
  }
  function categoryLabel(lang, item) {
    if (lang === "en") return item.category_en || item.en || "";
    if (lang === "zh-Hant") {
      const key = item.category || item.key;
      if (CATEGORY_HANT[key]) return CATEGORY_HANT[key];
    }
    return item.category_zh || item.zh || "";
  }
  function siteName(lang, props) {
    const names = props && props.names;
    return names && names[normalizeLang(lang)] || props && props.name || "";
  }
  function secondaryName(lang, props) {
    const pt = props && props.names && props.names.pt;
    return pt && !siteName(lang, props).includes(pt) ? pt : "";
  }
  function applyLanguage(lang, root = document) {
    const code = normalizeLang(lang) || "zh-Hans";
    document.documentElement.lang = code;
    root.querySelectorAll("[data-i18n]").forEach((e) => {
      e.textContent = translate(code, e.dataset.i18n);
    });
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

  // learning_map/web/frontend/src/icons.js
  var SVG_NS = "http://www.w3.org/2000/svg";
  var OKABE_ITO = {
    orange: "#E69F00",
    sky: "#56B4E9",
    green: "#009E73",
    yellow: "#F0E442",
    blue: "#0072B2",
    vermillion: "#D55E00",
    purple: "#CC79A7",
    black: "#000000"
  };
  var SHAPES = {
    circle: "M12 2.5a9.5 9.5 0 1 1 0 19a9.5 9.5 0 1 1 0-19z",
    square: "M3.5 3.5h17v17h-17z",
    diamond: "M12 1.5L22.5 12L12 22.5L1.5 12z",
    triangle: "M12 2L22.5 21H1.5z",
    hexagon: "M12 1.8L21 7v10l-9 5.2L3 17V7z",
    pentagon: "M12 2l10 7.3l-3.8 11.7H5.8L2 9.3z",
    star: "M12 1.5l3 7.2l7.6.4l-5.9 4.9l2 7.5L12 17.3l-6.6 4.2l2-7.5l-5.9-4.9l7.6-.4z"
  };
  var CATEGORY_ICONS = {
    community_learning: { shape: "circle", color: OKABE_ITO.green },
    elderly_education: { shape: "hexagon", color: OKABE_ITO.vermillion },
    library: { shape: "square", color: OKABE_ITO.blue },
    cultural_centre: { shape: "diamond", color: OKABE_ITO.purple },
    school: { shape: "triangle", color: OKABE_ITO.orange },
    college: { shape: "pentagon", color: OKABE_ITO.sky },
    university: { shape: "star", color: OKABE_ITO.yellow }
  };
  var FALLBACK = { shape: "circle", color: "#767676" };
  var LIGHT = /* @__PURE__ */ new Set([OKABE_ITO.orange, OKABE_ITO.sky, OKABE_ITO.yellow, OKABE_ITO.purple]);
  function categoryIcon(key) {
    return CATEGORY_ICONS[key] || FALLBACK;
  }
  function iconSvg(key, size = 24) {
    const { shape, color } = categoryIcon(key);
    const svg = document.createElementNS(SVG_NS, "svg");
    svg.setAttribute("viewBox", "0 0 24 24");
    svg.setAttribute("width", String(size));
    svg.setAttribute("height", String(size));
    svg.setAttribute("aria-hidden", "true");
    svg.setAttribute("focusable", "false");
    svg.setAttribute("class", `cat-icon cat-${shape}`);
    const path = document.createElementNS(SVG_NS, "path");
    path.setAttribute("d", SHAPES[shape]);
    path.setAttribute("fill", color);
    path.setAttribute("stroke", LIGHT.has(color) ? "#000" : "#fff");
    path.setAttribute("stroke-width", "1.6");
    path.setAttribute("stroke-linejoin", "round");
    svg.append(path);
    return svg;
  }
  function paintIcons(root = document) {
    for (const holder of root.querySelectorAll("[data-icon]")) {
      holder.replaceChildren(iconSvg(holder.dataset.icon, Number(holder.dataset.size) || 22));
    }
  }
  function markerIcon(key, state2 = "") {
    const holder = document.createElement("div");
    holder.append(iconSvg(key, 26));
    return L.divIcon({
      html: holder,
      className: `site-marker ${state2}`.trim(),
      iconSize: [30, 30],
      iconAnchor: [15, 15]
    });
  }

  // learning_map/web/frontend/src/map.js
  var Attribution = L.Control.extend({
    options: { position: "bottomright" },
    initialize(parts, options) {
      L.setOptions(this, options);
      this.parts = parts;
    },
    onAdd() {
      const box = el("div", null, "leaflet-control-attribution");
      this.parts.forEach((part, i) => {
        if (i) box.append(document.createTextNode(" | "));
        box.append(part.url ? linkOrText(part.text, part.url) : document.createTextNode(part.text));
      });
      L.DomEvent.disableClickPropagation(box);
      return box;
    }
  });
  function createMap(id, bounds, attribution) {
    const [west, south, east, north] = bounds;
    const map2 = L.map(id, { preferCanvas: true, zoomControl: true, attributionControl: false });
    map2.fitBounds([[south, west], [north, east]]);
    L.control.scale({ imperial: false }).addTo(map2);
    new Attribution(attribution.filter((p) => p && p.text)).addTo(map2);
    window.learningMap = map2;
    return map2;
  }
  function tileLayer(url) {
    return L.tileLayer(url, { maxZoom: 19 });
  }
  function streetsLayer(geojson) {
    return L.geoJSON(geojson, {
      interactive: false,
      style: { color: "#8a8a8a", weight: 1, opacity: 0.8 }
    });
  }

  // learning_map/web/frontend/src/report.js
  var MAX_MESSAGE = 1e3;
  var MAX_CONTACT = 200;
  var formCount = 0;
  function field(labelText, control) {
    const label2 = el("label", null, "report-field");
    label2.append(el("span", labelText), control);
    return label2;
  }
  function button(text, className, type = "button") {
    const b = el("button", text, `btn ${className}`);
    b.type = type;
    return b;
  }
  function reportControl(site, t2, send) {
    const box = el("div", null, "report");
    const id = `report-form-${++formCount}`;
    const open = button(t2("report"), "report-button");
    open.setAttribute("aria-expanded", "false");
    open.setAttribute("aria-controls", id);
    open.setAttribute("aria-label", t2("report_title")(site.name));
    const form = el("form", null, "report-form");
    form.id = id;
    form.hidden = true;
    form.noValidate = true;
    form.setAttribute("aria-label", t2("report_title")(site.name));
    const message2 = el("textarea");
    message2.name = "message";
    message2.rows = 3;
    message2.maxLength = MAX_MESSAGE;
    message2.setAttribute("aria-required", "true");
    const contact = el("input");
    contact.name = "contact";
    contact.type = "text";
    contact.maxLength = MAX_CONTACT;
    contact.autocomplete = "email";
    const sendButton = button(t2("report_send"), "report-send", "submit");
    const cancel = button(t2("report_cancel"), "report-cancel");
    const actions = el("div", null, "row");
    actions.append(sendButton, cancel);
    form.append(field(t2("report_message"), message2), field(t2("report_contact"), contact), actions);
    const status = el("div", null, "report-status");
    status.setAttribute("role", "status");
    status.setAttribute("aria-live", "polite");
    function show(opened) {
      form.hidden = !opened;
      open.setAttribute("aria-expanded", String(opened));
      if (opened) {
        status.textContent = "";
        message2.focus();
      } else {
        open.focus();
      }
    }
    open.addEventListener("click", () => show(form.hidden));
    cancel.addEventListener("click", () => show(false));
    form.addEventListener("keydown", (e) => {
      if (e.key === "Escape") {
        e.preventDefault();
        show(false);
      }
    });
    form.addEventListener("submit", async (e) => {
      e.preventDefault();
      if (!message2.value.trim()) {
        message2.setAttribute("aria-invalid", "true");
        status.textContent = t2("report_empty");
        message2.focus();
        return;
      }
      message2.removeAttribute("aria-invalid");
      const report = { site_id: site.site_id, message: message2.value };
      if (contact.value.trim()) report.contact = contact.value;
      sendButton.disabled = true;
      status.textContent = t2("report_sending");
      try {
        await send(report);
        message2.value = "";
        contact.value = "";
        show(false);
        status.textContent = t2("report_thanks");
      } catch (err) {
        status.textContent = t2("error") + err.message;
      } finally {
        sendButton.disabled = false;
      }
    });
    box.append(open, form, status);
    return box;
  }

  // learning_map/web/frontend/src/sites.js
  function siteTooltip(name, category) {
    const tip = el("div");
    tip.append(el("strong", name), el("br"), el("span", category));
    return tip;
  }
  function siteDetails(site, label2) {
    const lines = [];
    if (site.description) lines.push(detailLine(label2("offers"), site.description));
    if (site.address) lines.push(detailLine(label2("address"), site.address));
    if (site.phone) lines.push(detailLine(label2("phone"), site.phone));
    if (site.opening_hours) lines.push(detailLine(label2("hours"), site.opening_hours));
    if (site.website) lines.push(detailLine(label2("website"), linkOrText(site.website)));
    return lines;
  }
  function siteListItem(p, t2, text, { onRoute, onSelect }) {
    const li = el("li");
    li.dataset.siteId = p.site_id;
    const head = el("div", null, "site-head");
    const name = el("button", null, "site-name");
    name.type = "button";
    name.setAttribute("aria-label", t2("show_on_map")(text.name));
    name.append(el("strong", text.name));
    if (text.alt) name.append(el("span", text.alt, "site-alt"));
    name.addEventListener("click", () => onSelect(p.site_id));
    head.append(iconSvg(p.category, 24), name);
    const meta = el("div", null, "site-meta");
    meta.append(el("span", t2("walk")(p.walk_minutes, Math.round(p.walk_m)), "walk"), el("span", text.category, "details"));
    li.append(head, meta, ...siteDetails(p, t2));
    const button2 = el("button", t2("route"), "btn route-button");
    button2.type = "button";
    button2.addEventListener("click", () => onRoute(p.site_id));
    const actions = el("div", null, "site-actions");
    actions.append(button2);
    li.append(actions);
    return li;
  }
  function createSiteLayer(map2, api2, label2, { onError, onClick }) {
    const layer = L.layerGroup().addTo(map2);
    const markers = /* @__PURE__ */ new Map();
    let features = [];
    let inside = null;
    let selected = null;
    const stateOf = (id) => id === selected ? "selected" : inside == null ? "" : inside.has(id) ? "in" : "out";
    function restyle(id) {
      const marker = markers.get(id);
      if (!marker) return;
      const state2 = stateOf(id);
      marker.setIcon(markerIcon(marker.options.category, state2));
      marker.setZIndexOffset(state2 === "selected" ? 2e3 : state2 === "in" ? 1e3 : 0);
    }
    function render() {
      layer.clearLayers();
      markers.clear();
      for (const f of features) {
        const [lon, lat] = f.geometry.coordinates;
        const p = f.properties;
        const marker = L.marker([lat, lon], {
          icon: markerIcon(p.category, stateOf(p.site_id)),
          keyboard: false,
          category: p.category,
          siteId: p.site_id,
          lmSite: true,
          riseOnHover: true
        });
        marker.setZIndexOffset(stateOf(p.site_id) === "selected" ? 2e3 : stateOf(p.site_id) === "in" ? 1e3 : 0);
        marker.bindTooltip(siteTooltip(label2.name(p), label2.category(p)), { direction: "top", offset: [0, -12] });
        marker.on("click", (e) => onClick(p, e.originalEvent ? map2.mouseEventToLatLng(e.originalEvent) : e.latlng));
        marker.addTo(layer);
        markers.set(p.site_id, marker);
      }
    }
    async function draw(cats) {
      if (!cats.length) {
        api2.cancel("sites");
        features = [];
        render();
        return;
      }
      try {
        const data = await api2.get("/api/sites", { category: cats.join(",") }, "sites");
        features = data.features;
        render();
      } catch (err) {
        if (!isSuperseded(err)) onError(err);
      }
    }
    function markInside(ids) {
      inside = ids == null ? null : new Set(ids);
      for (const id of markers.keys()) restyle(id);
    }
    function select(id) {
      const before = selected;
      selected = id;
      if (before) restyle(before);
      if (id) restyle(id);
      return id ? markers.get(id) || null : null;
    }
    return { draw, relabel: render, markInside, select, layer };
  }

  // learning_map/web/frontend/src/state.js
  var DEFAULT_MINUTES = 15;
  var STANDARD_MINUTES = [5, 10, 15];
  var PACES = ["normal", "elderly"];
  var COORD_MARGIN = 0.02;
  var DECIMAL = /^-?\d{1,3}(\.\d{1,15})?$/;
  var MINUTES = /^\d{1,4}(\.\d{1,2})?$/;
  var SITE_ID = /^[A-Za-z0-9_.:-]{1,100}$/;
  function fallbackMinutes(maxMinutes) {
    return String(Math.min(DEFAULT_MINUTES, maxMinutes));
  }
  function parseMinutes(text, maxMinutes) {
    if (typeof text !== "string" || !MINUTES.test(text)) return null;
    const value = Number(text);
    return value > 0 && value <= maxMinutes ? String(value) : null;
  }
  function minuteChoices(maxMinutes, current) {
    const values = new Set(STANDARD_MINUTES.filter((m) => m <= maxMinutes));
    if (!values.size) values.add(maxMinutes);
    const value = current == null ? NaN : Number(current);
    if (Number.isFinite(value) && value > 0 && value <= maxMinutes) values.add(value);
    return Array.from(values).sort((a, b) => a - b).map(String);
  }
  function parseCoordinate(text, low, high) {
    if (typeof text !== "string" || !DECIMAL.test(text)) return null;
    const value = Number(text);
    return Number.isFinite(value) && value >= low && value <= high ? value : null;
  }
  function inBounds(lon, lat, bounds) {
    if (!bounds) return true;
    const [west, south, east, north] = bounds;
    const latOk = lat >= south - COORD_MARGIN && lat <= north + COORD_MARGIN;
    const lonOk = west <= east ? lon >= west - COORD_MARGIN && lon <= east + COORD_MARGIN : lon >= west - COORD_MARGIN || lon <= east + COORD_MARGIN;
    return latOk && lonOk;
  }
  function readState(search2, { bounds, maxMinutes, categories: categories2, defaultLang = "zh-Hans" }) {
    const params = new URLSearchParams(search2);
    let lon = parseCoordinate(params.get("lon"), -180, 180);
    let lat = parseCoordinate(params.get("lat"), -90, 90);
    if (lon == null || lat == null || !inBounds(lon, lat, bounds)) {
      lon = null;
      lat = null;
    }
    const known = new Set(categories2);
    const cats = params.has("cats") ? new Set(params.get("cats").split(",").filter((c) => known.has(c))) : new Set(categories2);
    const site = lon != null && SITE_ID.test(params.get("site") || "") ? params.get("site") : null;
    return {
      lon,
      lat,
      minutes: parseMinutes(params.get("minutes"), maxMinutes) || fallbackMinutes(maxMinutes),
      pace: PACES.includes(params.get("pace")) ? params.get("pace") : "normal",
      cats,
      lang: normalizeLang(params.get("lang")) || defaultLang,
      site,
      last: null
      // the latest /api/reachable answer shown
    };
  }
  function stateQuery(state2, categories2) {
    const q = new URLSearchParams();
    if (state2.lon != null && state2.lat != null) {
      q.set("lon", state2.lon.toFixed(6));
      q.set("lat", state2.lat.toFixed(6));
    }
    q.set("minutes", state2.minutes);
    q.set("pace", state2.pace);
    if (!categories2.every((c) => state2.cats.has(c))) {
      q.set("cats", categories2.filter((c) => state2.cats.has(c)).join(","));
    }
    q.set("lang", state2.lang);
    if (state2.site && state2.lon != null) q.set("site", state2.site);
    return "?" + q.toString();
  }
  function writeURL(state2, categories2, win = window) {
    const query2 = stateQuery(state2, categories2);
    if (win.location.search === query2) return false;
    win.history.replaceState(null, "", query2 + win.location.hash);
    return true;
  }

  // learning_map/web/frontend/src/citizen.js
  var LANG_KEY = "learning-map.lang";
  var cfg = JSON.parse(byId("lm-config").textContent);
  var categoryInputs = Array.from(document.querySelectorAll("#categories input[type=checkbox]"));
  var categories = categoryInputs.map((i) => i.value);
  var urlLang = normalizeLang(new URLSearchParams(location.search).get("lang"));
  var savedLang = normalizeLang(readSaved());
  var state = readState(location.search, {
    bounds: cfg.bounds,
    maxMinutes: cfg.maxMinutes,
    categories,
    defaultLang: chooseLang({ saved: savedLang, locale: navigator.language })
  });
  var t = (key) => translate(state.lang, key);
  var catLabel = (props) => categoryLabel(state.lang, props);
  var label = { category: catLabel, name: (props) => siteName(state.lang, props) };
  var saveURL = () => writeURL(state, categories);
  var phone = window.matchMedia("(max-width: 899.98px)");
  function readSaved() {
    try {
      return window.localStorage.getItem(LANG_KEY);
    } catch {
      return null;
    }
  }
  var api = createApi();
  var map = createMap("map", cfg.bounds, [
    { text: cfg.osmAttribution, url: cfg.osmAttributionUrl },
    { text: cfg.tilesAttribution }
  ]);
  var herePane = map.createPane("here");
  herePane.style.zIndex = 650;
  herePane.style.pointerEvents = "none";
  var layers = {
    area: L.layerGroup().addTo(map),
    route: L.layerGroup().addTo(map),
    here: L.layerGroup().addTo(map),
    streets: null
  };
  var message = byId("message");
  var showError = (err) => {
    message.textContent = t("error") + err.message;
  };
  var sites = createSiteLayer(map, api, label, { onError: showError, onClick: onMarkerClick });
  paintIcons();
  function loadStreets() {
    if (layers.streets) return;
    layers.streets = L.layerGroup().addTo(map);
    api.get("/api/streets", {}, "streets").then((geojson) => streetsLayer(geojson).addTo(layers.streets).bringToBack()).catch((err) => {
      if (isSuperseded(err)) return;
      if (!message.textContent) message.textContent = t("streets_error") + err.message;
    });
  }
  if (cfg.tilesUrl) tileLayer(cfg.tilesUrl).on("tileerror", loadStreets).addTo(map);
  else loadStreets();
  var SHEET = ["peek", "half", "full"];
  var panel = byId("panel");
  var panelBody = byId("panel-body");
  var handle = byId("sheet-handle");
  function setSheet(level) {
    document.body.dataset.sheet = level;
    handle.setAttribute("aria-expanded", String(level !== "peek"));
    handle.setAttribute("aria-label", t(level === "full" ? "sheet_less" : "sheet_more"));
  }
  function stepSheet(delta) {
    const i = SHEET.indexOf(document.body.dataset.sheet);
    setSheet(SHEET[Math.max(0, Math.min(SHEET.length - 1, i + delta))]);
  }
  panel.addEventListener("keydown", (e) => {
    if (e.key !== "Escape" || e.defaultPrevented || !phone.matches || document.body.dataset.sheet === "peek") return;
    setSheet("peek");
    handle.focus();
  });
  var dragged = false;
  handle.addEventListener("click", () => {
    if (dragged) {
      dragged = false;
      return;
    }
    const i = SHEET.indexOf(document.body.dataset.sheet);
    setSheet(SHEET[(i + 1) % SHEET.length]);
  });
  handle.addEventListener("keydown", (e) => {
    const step = { ArrowUp: 1, ArrowDown: -1, PageUp: 1, PageDown: -1 }[e.key];
    if (step) {
      e.preventDefault();
      stepSheet(step);
    }
    if (e.key === "Home" || e.key === "End") {
      e.preventDefault();
      setSheet(e.key === "Home" ? "peek" : "full");
    }
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
      if (dragged) {
        const h = panel.offsetHeight;
        const peek = 9.6 * parseFloat(getComputedStyle(document.documentElement).fontSize);
        const targets = { peek, half: 0.55 * room, full: room };
        setSheet(SHEET.reduce((a, b) => Math.abs(targets[a] - h) <= Math.abs(targets[b] - h) ? a : b));
      }
      panel.style.height = "";
    };
    handle.addEventListener("pointermove", move);
    handle.addEventListener("pointerup", up, { once: true });
    handle.addEventListener("pointercancel", up, { once: true });
  });
  function revealResults() {
    if (!phone.matches) return;
    if (document.body.dataset.sheet === "peek") setSheet("half");
    const first = byId("results").firstElementChild || message;
    const fit = () => {
      const box = panelBody.getBoundingClientRect();
      const want = first.getBoundingClientRect();
      const top = message.getBoundingClientRect().top;
      if (want.bottom > box.bottom) panelBody.scrollTop += Math.min(want.bottom - box.bottom, top - box.top);
    };
    panel.addEventListener("transitionend", fit, { once: true });
    fit();
  }
  function mapPadding() {
    if (!phone.matches) return { paddingTopLeft: [30, 30], paddingBottomRight: [30, 30] };
    const wrap = byId("map-wrap");
    const covered = Math.max(0, 0.55 * byId("layout").clientHeight - (byId("layout").clientHeight - wrap.clientHeight));
    return { paddingTopLeft: [20, 70], paddingBottomRight: [20, covered + 20] };
  }
  var siteProps = (id) => state.last ? state.last.features.find((f) => f.properties.site_id === id) : null;
  function renderMessage() {
    const data = state.last;
    if (!data) {
      message.textContent = "";
      return;
    }
    if (state.route) {
      const props = siteProps(state.route.site_id);
      const name = props ? siteName(state.lang, props.properties) : state.route.name;
      message.textContent = t("route_to")(name, state.route.walk_minutes);
      return;
    }
    const n = data.features.length;
    if (n) {
      message.textContent = t("found")(n, state.minutes);
    } else {
      const near = data.nearest_beyond;
      message.textContent = t("none")(state.minutes) + " " + (near ? t("nearest")(siteName(state.lang, near.properties), near.properties.walk_minutes) : t("nothing"));
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
      const text = { category: catLabel(p), name: siteName(state.lang, p), alt: secondaryName(state.lang, p) };
      const item = siteListItem(p, t, text, { onRoute: drawRoute, onSelect: (id) => selectSite(id, { from: "list" }) });
      if (p.site_id === state.selected) {
        item.classList.add("selected");
        item.setAttribute("aria-current", "true");
      }
      if (cfg.reports) item.querySelector(".site-actions").append(reportControl({ ...p, name: text.name }, t, sendReport));
      list.append(item);
    }
  }
  var sendReport = (report) => api.post("/api/reports", report);
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
      if (from) marker.openTooltip();
    }
  }
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
      radius: 10,
      color: "#000",
      weight: 3,
      fillColor: "#f0e442",
      fillOpacity: 1,
      pane: "here",
      interactive: false,
      lmHere: true
    }).bindTooltip(el("span", t("you")), { permanent: true, direction: "right", offset: [12, 0], className: "here-label" }).addTo(layers.here);
  }
  async function query() {
    if (state.lon == null) return;
    drawHere();
    const cats = categories.filter((c) => state.cats.has(c));
    if (!cats.length) {
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
      const data = await api.get("/api/reachable", {
        lon: state.lon,
        lat: state.lat,
        minutes: state.minutes,
        pace: state.pace,
        category: cats.join(",")
      }, "reachable");
      state.last = data;
      layers.area.clearLayers();
      const ids = data.features.map((f) => f.properties.site_id);
      sites.markInside(ids);
      if (!ids.includes(state.selected)) state.selected = null;
      sites.select(state.selected);
      let bounds = L.latLngBounds([[state.lat, state.lon]]);
      if (data.isochrone && data.isochrone.geometry) {
        const area = L.geoJSON(data.isochrone, {
          interactive: false,
          style: { color: "#0b3d62", weight: 3, fillColor: "#56b4e9", fillOpacity: 0.22 }
        }).addTo(layers.area);
        bounds = bounds.extend(area.getBounds());
      }
      for (const f of data.features) bounds.extend(L.latLng(f.geometry.coordinates[1], f.geometry.coordinates[0]));
      renderResults();
      document.body.dataset.state = "results";
      revealResults();
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
        from_lon: state.lon,
        from_lat: state.lat,
        site_id: siteId,
        pace: state.pace
      }, "route");
      state.site = siteId;
      state.route = { site_id: siteId, name: route.properties.name, walk_minutes: route.properties.walk_minutes };
      saveURL();
      layers.route.clearLayers();
      const line = L.geoJSON(route, { style: { color: "#c2185b", weight: 6, opacity: 0.9 } }).addTo(layers.route);
      selectSite(siteId);
      if (phone.matches || !map.getBounds().contains(line.getBounds())) {
        map.fitBounds(line.getBounds(), { ...mapPadding(), maxZoom: 17, animate: false });
      }
      renderMessage();
      document.body.dataset.state = "route";
    } catch (err) {
      if (!isSuperseded(err)) showError(err);
    }
  }
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
    saveURL();
    query();
  }
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
      if (!data.results.length) {
        box.append(el("li", t("no_match")));
        return;
      }
      for (const r of data.results) {
        const li = el("li");
        const b = el("button", siteName(state.lang, r), "btn");
        b.type = "button";
        b.addEventListener("click", () => {
          box.replaceChildren();
          map.setView([r.lat, r.lon], 16);
          setPoint(r.lat, r.lon);
        });
        li.append(b);
        box.append(li);
      }
    } catch (err) {
      if (isSuperseded(err)) return;
      box.replaceChildren(el("li", t("error") + err.message));
    }
  }
  var minutesSelect = byId("minutes");
  minutesSelect.replaceChildren(...minuteChoices(cfg.maxMinutes, state.minutes).map((m) => {
    const option = el("option", m);
    option.value = m;
    return option;
  }));
  minutesSelect.value = state.minutes;
  byId("pace").value = state.pace;
  categoryInputs.forEach((i) => {
    i.checked = state.cats.has(i.value);
  });
  var catsToggle = byId("cats-toggle");
  var catsBox = byId("categories");
  if (phone.matches) catsBox.hidden = true;
  function renderCategoryChip() {
    const ticked = categories.filter((c) => state.cats.has(c));
    byId("cats-count").textContent = t("filters")(ticked.length, categories.length);
    catsToggle.querySelector(".chip-icons").replaceChildren(...ticked.slice(0, 3).map((c) => iconSvg(c, 18)));
  }
  var city = null;
  function renderCity() {
    if (!city) return;
    const names = city.names || {};
    const zh = names[state.lang === "en" ? "zh-Hant" : state.lang] || names["zh-Hant"] || names["zh-Hans"] || city.name_zh;
    const en = names.en || city.name_en;
    const box = byId("city-name");
    if (zh && en) box.replaceChildren(el("span", zh, "city-zh"), el("span", en, "city-en"));
  }
  function labelZoom() {
    for (const [selector, key] of [[".leaflet-control-zoom-in", "zoom_in"], [".leaflet-control-zoom-out", "zoom_out"]]) {
      const button2 = map.getContainer().querySelector(selector);
      if (!button2) continue;
      button2.title = t(key);
      button2.setAttribute("aria-label", `${t(key)} ${button2.textContent.trim()}`);
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
    renderResults();
    if (state.lon != null) drawHere();
  }
  map.on("click", (e) => setPoint(e.latlng.lat, e.latlng.lng));
  var mapWrap = byId("map-wrap");
  var FAR_ZOOM = 14;
  var markFar = () => mapWrap.classList.toggle("far", map.getZoom() < FAR_ZOOM);
  map.on("zoomend", markFar);
  markFar();
  mapWrap.addEventListener("pointerdown", () => mapWrap.classList.add("pointer"));
  mapWrap.addEventListener("keydown", () => mapWrap.classList.remove("pointer"));
  map.getContainer().addEventListener("keydown", (e) => {
    if (e.key === "Enter" && e.target === map.getContainer()) {
      e.preventDefault();
      useCentre();
    }
  });
  function useCentre() {
    const c = map.getCenter();
    setPoint(c.lat, c.lng);
  }
  byId("use-centre").addEventListener("click", useCentre);
  minutesSelect.addEventListener("change", () => {
    state.minutes = minutesSelect.value;
    saveURL();
    query();
  });
  byId("pace").addEventListener("change", (e) => {
    state.pace = e.target.value;
    saveURL();
    query();
  });
  catsToggle.addEventListener("click", () => {
    catsBox.hidden = !catsBox.hidden;
    catsToggle.setAttribute("aria-expanded", String(!catsBox.hidden));
    if (!catsBox.hidden && document.body.dataset.sheet === "peek") setSheet("half");
  });
  catsBox.addEventListener("change", () => {
    state.cats = new Set(categoryInputs.filter((i) => i.checked).map((i) => i.value));
    saveURL();
    renderCategoryChip();
    sites.draw(categories.filter((c) => state.cats.has(c)));
    query();
  });
  byId("lang").addEventListener("change", (e) => {
    const lang = normalizeLang(e.target.value) || "zh-Hans";
    try {
      window.localStorage.setItem(LANG_KEY, lang);
    } catch {
    }
    setLang(lang);
    saveURL();
  });
  byId("print").addEventListener("click", () => window.print());
  window.addEventListener("beforeprint", () => map.invalidateSize());
  window.addEventListener("afterprint", () => map.invalidateSize());
  byId("search-form").addEventListener("submit", (e) => {
    e.preventDefault();
    search(byId("search").value);
  });
  byId("locate").addEventListener("click", () => {
    if (!navigator.geolocation) return;
    message.textContent = t("locating");
    navigator.geolocation.getCurrentPosition(
      (pos) => {
        map.setView([pos.coords.latitude, pos.coords.longitude], 16);
        setPoint(pos.coords.latitude, pos.coords.longitude);
      },
      (err) => showError(err)
    );
  });
  setLang(state.lang);
  saveURL();
  sites.draw(categories.filter((c) => state.cats.has(c)));
  if (state.lon != null) {
    map.setView([state.lat, state.lon], 15);
    query();
  }
  api.get("/api/city", {}, "city").then((info) => {
    city = info;
    const lang = urlLang || savedLang ? state.lang : chooseLang({ city: info.default_lang, locale: navigator.language });
    if (lang !== state.lang) {
      setLang(lang);
      saveURL();
    } else renderCity();
  }).catch(() => {
  }).finally(() => {
    document.body.dataset.ready = "1";
  });
})();
