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
  var I18N = {
    zh: {
      title: "15分钟学习圈",
      locate: "定位我的位置",
      search: "搜索",
      search_placeholder: "搜索地点或学习场所",
      minutes: "步行时间",
      min: "分钟",
      pace: "步速",
      pace_normal: "正常",
      pace_elderly: "老年人",
      categories: "类别",
      category: "类别",
      hint: "点击地图，查看步行可达的学习场所。",
      lang: "English",
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
      report_empty: "请填写纠错内容。"
    },
    en: {
      title: "15-minute learning circle",
      locate: "Locate me",
      search: "Search",
      search_placeholder: "Search a place or learning site",
      minutes: "Walk",
      min: "min",
      pace: "Pace",
      pace_normal: "Normal",
      pace_elderly: "Elderly",
      categories: "Categories",
      category: "Category",
      hint: "Click the map to see the learning sites within walking distance.",
      lang: "中文",
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
      report_empty: "Please describe the mistake."
    }
  };
  function translate(lang, key) {
    const table = I18N[lang] || I18N.zh;
    if (!(key in table)) throw new Error(`no text for ${key}`);
    return table[key];
  }
  function bilingual(key) {
    return `${translate("zh", key)} ${translate("en", key)}`;
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
