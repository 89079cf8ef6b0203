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
  function categoryLabel(lang, item) {
    if (lang === "en") return item.category_en || item.en || "";
    return item.category_zh || item.zh || "";
  }
  function applyLanguage(lang, root = document) {
    document.documentElement.lang = lang;
    root.querySelectorAll("[data-i18n]").forEach((e) => {
      e.textContent = translate(lang, e.dataset.i18n);
    });
    root.querySelectorAll("[data-i18n-placeholder]").forEach((e) => {
      e.placeholder = translate(lang, e.dataset.i18nPlaceholder);
    });
    root.querySelectorAll(".cat-label").forEach((e) => {
      e.textContent = e.dataset[lang] || "";
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
  function showAll(map2, bounds) {
    if (bounds.isValid() && !map2.getBounds().contains(bounds)) {
      map2.fitBounds(bounds, { padding: [20, 20], maxZoom: 17 });
    }
  }

  // learning_map/web/frontend/src/report.js
  var MAX_MESSAGE = 1e3;
  var MAX_CONTACT = 200;
  var formCount = 0;
  function field(labelText, control) {
    const label = el("label", null, "report-field");
    label.append(el("span", labelText), control);
    return label;
  }
  function button(text, className, type = "button") {
    const b = el("button", text, className);
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
  function siteListItem(p, t2, category, onRoute) {
    const li = el("li");
    li.dataset.siteId = p.site_id;
    li.append(
      el("strong", p.name),
      el("div", category, "details"),
      el("div", t2("walk")(p.walk_minutes, Math.round(p.walk_m)), "walk"),
      ...siteDetails(p, t2)
    );
    const button2 = el("button", t2("route"), "route-button");
    button2.type = "button";
    button2.addEventListener("click", () => onRoute(p.site_id));
    li.append(button2);
    return li;
  }
  function createSiteLayer(map2, api2, categoryOf, onError) {
    const layer = L.layerGroup().addTo(map2);
    let features = [];
    function render() {
      layer.clearLayers();
      for (const f of features) {
        const [lon, lat] = f.geometry.coordinates;
        siteMarker(lat, lon, f.properties.color, siteTooltip(f.properties.name, categoryOf(f.properties))).addTo(layer);
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
    return { draw, relabel: render, layer };
  }

  // learning_map/web/frontend/src/state.js
  var DEFAULT_MINUTES = 15;
  var STANDARD_MINUTES = [5, 10, 15];
  var PACES = ["normal", "elderly"];
  var LANGS = ["zh", "en"];
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
  function readState(search2, { bounds, maxMinutes, categories: categories2 }) {
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
      lang: LANGS.includes(params.get("lang")) ? params.get("lang") : "zh",
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
  var cfg = JSON.parse(byId("lm-config").textContent);
  var categoryInputs = Array.from(document.querySelectorAll("#categories input[type=checkbox]"));
  var categories = categoryInputs.map((i) => i.value);
  var state = readState(location.search, { bounds: cfg.bounds, maxMinutes: cfg.maxMinutes, categories });
  var t = (key) => translate(state.lang, key);
  var catLabel = (props) => categoryLabel(state.lang, props);
  var saveURL = () => writeURL(state, categories);
  var api = createApi();
  var map = createMap("map", cfg.bounds, [
    { text: cfg.osmAttribution, url: cfg.osmAttributionUrl },
    { text: cfg.tilesAttribution }
  ]);
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
  var sites = createSiteLayer(map, api, catLabel, showError);
  paintSwatches();
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
  function renderResults() {
    const list = byId("results");
    list.replaceChildren();
    const data = state.last;
    if (!data) {
      message.textContent = "";
      return;
    }
    const n = data.features.length;
    if (n) {
      message.textContent = t("found")(n, state.minutes);
    } else {
      const near = data.nearest_beyond;
      message.textContent = t("none")(state.minutes) + " " + (near ? t("nearest")(near.properties.name, near.properties.walk_minutes) : t("nothing"));
    }
    for (const f of data.features) {
      const item = siteListItem(f.properties, t, catLabel(f.properties), drawRoute);
      if (cfg.reports) item.append(reportControl(f.properties, t, sendReport));
      list.append(item);
    }
  }
  var sendReport = (report) => api.post("/api/reports", report);
  function drawHere() {
    layers.here.clearLayers();
    L.circleMarker([state.lat, state.lon], { radius: 9, color: "#000", weight: 3, fillColor: "#ffeb3b", fillOpacity: 1, lmHere: true }).bindTooltip(el("span", t("you"))).addTo(layers.here);
  }
  async function query() {
    if (state.lon == null) return;
    drawHere();
    const cats = categories.filter((c) => state.cats.has(c));
    if (!cats.length) {
      api.cancel("reachable");
      state.last = { features: [], nearest_beyond: null };
      layers.area.clearLayers();
      renderResults();
      document.body.dataset.state = "results";
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
      if (data.isochrone && data.isochrone.geometry) {
        const area = L.geoJSON(data.isochrone, {
          interactive: false,
          style: { color: "#1565c0", weight: 2, fillColor: "#42a5f5", fillOpacity: 0.25 }
        }).addTo(layers.area);
        showAll(map, area.getBounds());
      }
      renderResults();
      document.body.dataset.state = "results";
      if (state.site) drawRoute(state.site);
    } catch (err) {
      if (isSuperseded(err)) return;
      state.last = null;
      layers.area.clearLayers();
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
      saveURL();
      layers.route.clearLayers();
      const line = L.geoJSON(route, { style: { color: "#d81b60", weight: 6, opacity: 0.9 } }).addTo(layers.route);
      showAll(map, line.getBounds());
      message.textContent = t("route_to")(route.properties.name, route.properties.walk_minutes);
      document.body.dataset.state = "route";
    } catch (err) {
      if (!isSuperseded(err)) showError(err);
    }
  }
  function clearRoute() {
    api.cancel("route");
    layers.route.clearLayers();
    state.site = null;
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
        const b = el("button", r.name);
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
  map.on("click", (e) => setPoint(e.latlng.lat, e.latlng.lng));
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
  byId("categories").addEventListener("change", () => {
    state.cats = new Set(categoryInputs.filter((i) => i.checked).map((i) => i.value));
    saveURL();
    sites.draw(categories.filter((c) => state.cats.has(c)));
    query();
  });
  byId("lang").addEventListener("click", () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    saveURL();
    applyLanguage(state.lang);
    sites.relabel();
    renderResults();
  });
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
  saveURL();
  applyLanguage(state.lang);
  sites.draw(categories.filter((c) => state.cats.has(c)));
  if (state.lon != null) {
    map.setView([state.lat, state.lon], 15);
    query();
  }
  document.body.dataset.ready = "1";
})();
