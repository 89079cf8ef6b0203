/* Built from learning_map/web/frontend/src/offline.js by `npm run build` (esbuild). Do not edit: change the modules in learning_map/web/frontend/src/. */
(() => {
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
  function detailLine(label, value, className = "details") {
    const line = el("div", null, className);
    line.append(el("span", `${label}: `, "label"), typeof value === "string" ? el("span", value) : value);
    return line;
  }
  function safeColor(text, fallback = "#777777") {
    return typeof text === "string" && /^#[0-9a-f]{3,8}$/i.test(text) ? text : fallback;
  }
  function paintSwatches(root = document) {
    for (const swatch of root.querySelectorAll(".swatch[data-color]")) {
      swatch.style.backgroundColor = safeColor(swatch.dataset.color, "transparent");
    }
  }
  function htmlFromText(text) {
    const holder = el("span", text);
    return holder.innerHTML;
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
  function normalizeLang(lang) {
    if (typeof lang !== "string") return null;
    const code = ALIASES[lang] || lang;
    return LANGUAGES.includes(code) ? code : null;
  }
  function translate(lang, key) {
    const table = I18N[normalizeLang(lang)] || HANS;
    if (!(key in table)) throw new Error(`no text for ${key}`);
    return table[key];
  }
  function bilingual(key) {
    return `${translate("zh-Hans", key)} ${translate("en", key)}`;
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

  // learning_map/web/frontend/src/icons.js
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
  var CATEGORY_ICONS = {
    community_learning: { shape: "circle", color: OKABE_ITO.green },
    elderly_education: { shape: "hexagon", color: OKABE_ITO.vermillion },
    library: { shape: "square", color: OKABE_ITO.blue },
    cultural_centre: { shape: "diamond", color: OKABE_ITO.purple },
    school: { shape: "triangle", color: OKABE_ITO.orange },
    college: { shape: "pentagon", color: OKABE_ITO.sky },
    university: { shape: "star", color: OKABE_ITO.yellow }
  };
  var LIGHT = /* @__PURE__ */ new Set([OKABE_ITO.orange, OKABE_ITO.sky, OKABE_ITO.yellow, OKABE_ITO.purple]);

  // learning_map/web/frontend/src/sites.js
  var MARKER = { radius: 8, color: "#fff", weight: 2, fillOpacity: 0.95, lmSite: true };
  function siteTooltip(name, category) {
    const tip = el("div");
    tip.append(el("strong", name), el("br"), el("span", category));
    return tip;
  }
  function siteMarker(lat, lon, color, tooltip) {
    const marker = L.circleMarker([lat, lon], { ...MARKER, fillColor: safeColor(color) });
    marker.bindTooltip(tooltip);
    return marker;
  }
  function siteDetails(site, label) {
    const lines = [];
    if (site.description) lines.push(detailLine(label("offers"), site.description));
    if (site.address) lines.push(detailLine(label("address"), site.address));
    if (site.phone) lines.push(detailLine(label("phone"), site.phone));
    if (site.opening_hours) lines.push(detailLine(label("hours"), site.opening_hours));
    if (site.website) lines.push(detailLine(label("website"), linkOrText(site.website)));
    return lines;
  }

  // learning_map/web/frontend/src/offline.js
  var data = JSON.parse(byId("lm-data").textContent);
  var map = createMap("map", data.bounds, [
    { text: data.attribution, url: data.attribution_url },
    { text: data.tiles ? data.tiles_attribution : null }
  ]);
  paintSwatches(byId("legend"));
  if (data.tiles) tileLayer(data.tiles).addTo(map);
  else if (data.streets) streetsLayer(data.streets).addTo(map).bringToBack();
  function popup(site, category) {
    const box = el("div", null, "lm-popup");
    const both = `${category.zh} / ${category.en}`;
    box.append(el("h3", site.name || both), detailLine(bilingual("category"), both), ...siteDetails(site, bilingual));
    return box;
  }
  var overlays = {};
  data.categories.forEach((category, index) => {
    const layer = L.layerGroup();
    const color = safeColor(category.color);
    for (const area of category.areas) {
      L.geoJSON(area.geometry, {
        interactive: false,
        style: { color, weight: 1, fillColor: color, fillOpacity: 0.15 }
      }).addTo(layer);
    }
    for (const site of category.sites) {
      const marker = siteMarker(site.lat, site.lon, color, siteTooltip(site.name || category.zh, category.zh));
      marker.bindPopup(() => popup(site, category));
      marker.addTo(layer);
    }
    if (index === 0) layer.addTo(map);
    overlays[htmlFromText(`${category.zh} / ${category.en}`)] = layer;
  });
  L.control.layers(null, overlays, { collapsed: true }).addTo(map);
  document.body.dataset.ready = "1";
})();
