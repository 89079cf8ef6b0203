/* learning-map citizen page: builds the Leaflet map and calls the JSON API.
   Runs under a strict Content-Security-Policy (no inline script or style): settings come from
   the JSON in #lm-config, colours are set through element.style, and all text from data files
   goes through textContent (never parsed as HTML). */
(function () {
  "use strict";
  const cfg = JSON.parse(document.getElementById("lm-config").textContent);
  const [west, south, east, north] = cfg.bounds;
  const map = L.map("map", { preferCanvas: true, zoomControl: true, attributionControl: true });
  map.fitBounds([[south, west], [north, east]]);
  L.control.scale().addTo(map);
  map.attributionControl.addAttribution(cfg.osmAttribution);
  window.learningMap = map; // for tests and the browser console
  let tiles = null;
  if (cfg.tilesUrl) {
    tiles = L.tileLayer(cfg.tilesUrl, { attribution: cfg.tilesAttribution, maxZoom: 19 }).addTo(map);
  }
  // Category swatches: colours from data attributes (inline style attributes are blocked by CSP).
  document.querySelectorAll(".swatch[data-color]").forEach((e) => {
    if (/^#[0-9a-f]{3,8}$/i.test(e.dataset.color)) e.style.backgroundColor = e.dataset.color;
  });
  const I18N = {
    zh: {
      title: "15分钟学习圈", locate: "定位我的位置", search: "搜索", search_placeholder: "搜索地点或学习场所",
      minutes: "步行时间", min: "分钟", pace: "步速", pace_normal: "正常", pace_elderly: "老年人",
      categories: "类别", hint: "点击地图，查看步行可达的学习场所。", lang: "English",
      found: (n, m) => `步行 ${m} 分钟内可到达 ${n} 处学习场所`,
      none: (m) => `步行 ${m} 分钟内没有可到达的学习场所。`,
      nearest: (name, m) => `最近的是「${name}」，步行约 ${m} 分钟。`,
      nothing: "附近没有可步行到达的学习场所。", walk: (m, d) => `步行 ${m} 分钟 · ${d} 米`,
      route: "路线", route_to: (name, m) => `到「${name}」的步行路线：约 ${m} 分钟`,
      offers: "服务内容", address: "地址", phone: "电话", hours: "开放时间", website: "网站", you: "您的位置",
      no_match: "没有找到匹配的地点。", error: "出错了：", locating: "正在定位…",
    },
    en: {
      title: "15-minute learning circle", locate: "Locate me", search: "Search",
      search_placeholder: "Search a place or learning site", minutes: "Walk", min: "min",
      pace: "Pace", pace_normal: "Normal", pace_elderly: "Elderly", categories: "Categories",
      hint: "Click the map to see the learning sites within walking distance.", lang: "中文",
      found: (n, m) => `${n} learning sites within a ${m}-minute walk`,
      none: (m) => `No learning site within a ${m}-minute walk.`,
      nearest: (name, m) => `The nearest is "${name}", about ${m} min on foot.`,
      nothing: "No learning site can be reached on foot from here.",
      walk: (m, d) => `${m} min walk · ${d} m`, route: "Route",
      route_to: (name, m) => `Walking route to "${name}": about ${m} min`,
      offers: "Offers", address: "Address", phone: "Phone", hours: "Opening hours", website: "Website",
      you: "You are here", no_match: "No matching place found.", error: "Error: ",
      locating: "Locating…",
    },
  };
  const params = new URLSearchParams(location.search);
  const state = {
    lon: params.has("lon") ? Number(params.get("lon")) : null,
    lat: params.has("lat") ? Number(params.get("lat")) : null,
    minutes: params.get("minutes") || "15",
    pace: params.get("pace") || "normal",
    cats: params.has("cats") ? new Set(params.get("cats").split(",").filter(Boolean)) : null,
    lang: params.get("lang") === "en" ? "en" : "zh",
    site: params.get("site") || null,
    last: null,
  };
  const $ = (id) => document.getElementById(id);
  const t = (key) => I18N[state.lang][key];
  const el = (tag, text, cls) => { const e = document.createElement(tag); if (text != null) e.textContent = text; if (cls) e.className = cls; return e; };

  const layers = {
    sites: L.layerGroup().addTo(map), area: L.layerGroup().addTo(map),
    route: L.layerGroup().addTo(map), here: L.layerGroup().addTo(map), streets: null,
  };

  async function api(path, query) {
    const url = path + "?" + new URLSearchParams(query).toString();
    const response = await fetch(url);
    const body = await response.json();
    if (!response.ok) throw new Error((body.error && (body.error.parameter ? body.error.parameter + ": " : "") + body.error.message) || response.status);
    return body;
  }

  function loadStreets() {
    if (layers.streets) return;
    layers.streets = L.layerGroup().addTo(map);
    api("/api/streets", {}).then((geojson) => {
      L.geoJSON(geojson, { interactive: false, style: { color: "#8a8a8a", weight: 1, opacity: 0.8 } }).addTo(layers.streets);
      layers.streets.eachLayer((l) => l.bringToBack && l.bringToBack());
    });
  }
  if (tiles) tiles.on("tileerror", loadStreets); else loadStreets();

  function selectedCats() {
    return Array.from(document.querySelectorAll("#categories input:checked")).map((i) => i.value);
  }
  function catLabel(props) { return state.lang === "zh" ? props.category_zh : props.category_en; }

  function updateURL() {
    const q = new URLSearchParams();
    if (state.lon != null) { q.set("lon", state.lon.toFixed(6)); q.set("lat", state.lat.toFixed(6)); }
    q.set("minutes", state.minutes); q.set("pace", state.pace);
    const cats = selectedCats();
    if (cats.length !== document.querySelectorAll("#categories input").length) q.set("cats", cats.join(","));
    q.set("lang", state.lang);
    if (state.site) q.set("site", state.site);
    history.replaceState(null, "", "?" + q.toString());
  }

  async function drawSites() {
    layers.sites.clearLayers();
    const cats = selectedCats();
    if (!cats.length) return;
    const data = await api("/api/sites", { category: cats.join(",") });
    for (const f of data.features) {
      const [lon, lat] = f.geometry.coordinates;
      const marker = L.circleMarker([lat, lon], { radius: 8, color: "#fff", weight: 2, fillColor: f.properties.color, fillOpacity: 0.95 });
      const tip = el("div"); tip.append(el("strong", f.properties.name), el("br"), el("span", catLabel(f.properties)));
      marker.bindTooltip(tip);
      marker.addTo(layers.sites);
    }
  }

  function detailLine(label, value) {
    const p = el("div", null, "details");
    p.append(el("span", label + ": "), el("span", value));
    return p;
  }

  // Only an absolute http(s) URL becomes a link; anything else (javascript:, data:, ...) stays text.
  function websiteLine(url) {
    let href = null;
    try { const u = new URL(url); if (u.protocol === "http:" || u.protocol === "https:") href = u.href; } catch (e) { href = null; }
    if (!href || !/^https?:\/\//i.test(url.trim())) return detailLine(t("website"), url);
    const a = el("a", url); a.setAttribute("href", href); a.setAttribute("rel", "noopener noreferrer"); a.setAttribute("target", "_blank");
    const d = el("div", null, "details"); d.append(el("span", t("website") + ": "), a);
    return d;
  }

  function renderResults() {
    const data = state.last;
    const list = $("results"); list.replaceChildren();
    const message = $("message");
    if (!data) { message.textContent = ""; return; }
    const n = data.features.length;
    if (n) {
      message.textContent = t("found")(n, state.minutes);
    } else {
      const near = data.nearest_beyond;
      message.textContent = t("none")(state.minutes) + " " +
        (near ? t("nearest")(near.properties.name, near.properties.walk_minutes) : t("nothing"));
    }
    for (const f of data.features) {
      const p = f.properties;
      const li = el("li"); li.dataset.siteId = p.site_id;
      li.append(el("strong", p.name), el("div", catLabel(p), "details"), el("div", t("walk")(p.walk_minutes, Math.round(p.walk_m)), "walk"));
      if (p.description) li.append(detailLine(t("offers"), p.description));
      if (p.address) li.append(detailLine(t("address"), p.address));
      if (p.phone) li.append(detailLine(t("phone"), p.phone));
      if (p.opening_hours) li.append(detailLine(t("hours"), p.opening_hours));
      if (p.website) li.append(websiteLine(p.website));
      const button = el("button", t("route"), "route-button"); button.type = "button";
      button.addEventListener("click", () => drawRoute(p.site_id));
      li.append(button);
      list.append(li);
    }
  }

  async function query() {
    if (state.lon == null) return;
    layers.here.clearLayers();
    L.circleMarker([state.lat, state.lon], { radius: 9, color: "#000", weight: 3, fillColor: "#ffeb3b", fillOpacity: 1 })
      .bindTooltip(t("you")).addTo(layers.here);
    updateURL();
    try {
      const cats = selectedCats();
      if (!cats.length) { // no category ticked: nothing to list (an empty filter would mean "all")
        state.last = { features: [], nearest_beyond: null }; layers.area.clearLayers(); renderResults();
        document.body.dataset.state = "results";
        return;
      }
      const data = await api("/api/reachable", { lon: state.lon, lat: state.lat, minutes: state.minutes, pace: state.pace, category: cats.join(",") });
      state.last = data;
      layers.area.clearLayers();
      if (data.isochrone && data.isochrone.geometry) {
        const area = L.geoJSON(data.isochrone, { interactive: false, style: { color: "#1565c0", weight: 2, fillColor: "#42a5f5", fillOpacity: 0.25 } }).addTo(layers.area);
        showAll(area.getBounds());
      }
      renderResults();
      document.body.dataset.state = "results";
      if (state.site) drawRoute(state.site);
    } catch (err) {
      state.last = null; renderResults();
      $("message").textContent = t("error") + err.message;
      document.body.dataset.state = "error";
    }
  }

  async function drawRoute(siteId) {
    if (state.lon == null) return;
    try {
      const route = await api("/api/route", { from_lon: state.lon, from_lat: state.lat, site_id: siteId, pace: state.pace });
      state.site = siteId; updateURL();
      layers.route.clearLayers();
      const line = L.geoJSON(route, { style: { color: "#d81b60", weight: 6, opacity: 0.9 } }).addTo(layers.route);
      showAll(line.getBounds());
      $("message").textContent = t("route_to")(route.properties.name, route.properties.walk_minutes);
      document.body.dataset.state = "route";
    } catch (err) {
      $("message").textContent = t("error") + err.message;
    }
  }

  // Bring a result into view only when it is not already fully visible.
  function showAll(bounds) {
    if (bounds.isValid() && !map.getBounds().contains(bounds)) map.fitBounds(bounds, { padding: [20, 20], maxZoom: 17 });
  }

  function setPoint(lat, lon) {
    state.lat = lat; state.lon = lon; state.site = null;
    layers.route.clearLayers();
    query();
  }

  function applyLanguage() {
    document.documentElement.lang = state.lang;
    document.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = t(e.dataset.i18n); });
    document.querySelectorAll("[data-i18n-placeholder]").forEach((e) => { e.placeholder = t(e.dataset.i18nPlaceholder); });
    document.querySelectorAll(".cat-label").forEach((e) => { e.textContent = e.dataset[state.lang]; });
    $("lang").textContent = t("lang");
    renderResults();
  }

  async function search(text) {
    const box = $("search-results"); box.replaceChildren();
    if (!text.trim()) return;
    try {
      const data = await api("/api/search", { q: text });
      if (!data.results.length) { box.append(el("li", t("no_match"))); return; }
      for (const r of data.results) {
        const li = el("li"); const b = el("button", r.name); b.type = "button";
        b.addEventListener("click", () => { box.replaceChildren(); map.setView([r.lat, r.lon], 16); setPoint(r.lat, r.lon); });
        li.append(b); box.append(li);
      }
    } catch (err) { box.append(el("li", t("error") + err.message)); }
  }

  // -- wire up controls, restore the shared view ----------------------------------
  $("minutes").value = state.minutes; $("pace").value = state.pace;
  if (state.cats) document.querySelectorAll("#categories input").forEach((i) => { i.checked = state.cats.has(i.value); });
  map.on("click", (e) => setPoint(e.latlng.lat, e.latlng.lng));
  $("minutes").addEventListener("change", (e) => { state.minutes = e.target.value; query(); updateURL(); });
  $("pace").addEventListener("change", (e) => { state.pace = e.target.value; query(); updateURL(); });
  $("categories").addEventListener("change", () => { drawSites(); query(); updateURL(); });
  $("lang").addEventListener("click", () => { state.lang = state.lang === "zh" ? "en" : "zh"; applyLanguage(); updateURL(); });
  $("search-form").addEventListener("submit", (e) => { e.preventDefault(); search($("search").value); });
  $("locate").addEventListener("click", () => {
    if (!navigator.geolocation) return;
    $("message").textContent = t("locating");
    navigator.geolocation.getCurrentPosition((pos) => { map.setView([pos.coords.latitude, pos.coords.longitude], 16); setPoint(pos.coords.latitude, pos.coords.longitude); },
      (err) => { $("message").textContent = t("error") + err.message; });
  });
  applyLanguage();
  drawSites();
  if (state.lon != null) { map.setView([state.lat, state.lon], 15); query(); }
  document.body.dataset.ready = "1";
})();
