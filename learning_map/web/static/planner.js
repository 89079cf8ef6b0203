/* Built from learning_map/web/frontend/src/planner.js by `npm run build` (esbuild). Do not edit: change the modules in learning_map/web/frontend/src/. */
(() => {
  // learning_map/web/frontend/src/api.js
  var Superseded = class extends Error {
    constructor(key) {
      super(`${key}: superseded by a newer request`);
      this.name = "Superseded";
    }
  };
  var ApiError = class extends Error {
    constructor(status2, body) {
      const error = body && body.error;
      const text = error ? (error.parameter ? `${error.parameter}: ` : "") + error.message : `HTTP ${status2}`;
      super(text);
      this.name = "ApiError";
      this.status = status2;
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
  function htmlFromText(text) {
    const holder = el("span", text);
    return holder.innerHTML;
  }

  // learning_map/web/frontend/src/planner-i18n.js
  var PLANNER_TEXT = {
    zh: {
      title: "学习圈规划工具",
      subtitle: "15分钟学习圈 · 规划评估",
      lang: "English",
      citizen_map: "市民地图",
      settings: "分析设置",
      category: "场所类别",
      all_sites: "全部学习场所",
      minutes: "步行时间",
      min: "分钟",
      pace: "步速",
      pace_adult: "成人（4.8 km/h）",
      pace_elderly: "老年人（3.3 km/h）",
      figure: "地图指标",
      who_residents: "居民覆盖率",
      who_elderly: "老年居民覆盖率",
      city_total: "全市合计",
      row_residents: "居民",
      row_elderly: "老年居民",
      residents: "居民",
      elderly: "老年居民",
      covered: "覆盖",
      baseline: "现状",
      scenario: "方案",
      change: "变化",
      whatif: "方案推演（假设分析）",
      whatif_on: "推演模式：开",
      whatif_off: "推演模式：关",
      whatif_hint_off: "打开推演模式后，点击地图新增拟建场所，点击现有场所将其关闭。",
      whatif_hint_on: "点击地图新增拟建场所；点击场所关闭或恢复；点击拟建场所将其移除。",
      add_category: "拟建场所类别",
      clear: "清除全部",
      no_changes: "尚无变更（现状）",
      added: (name, lon, lat) => `新增 ${name}（${lon}, ${lat}）`,
      closed: (name) => `关闭 ${name}`,
      remove: "撤销",
      too_many: (n) => `最多 ${n} 处拟建场所。`,
      picks: "建议新址",
      k: "数量",
      pick_line: (n, who, share) => `新增覆盖 ${n} ${who} · 累计 ${share}`,
      no_picks: "新增场所已无法覆盖更多居民。",
      add_pick: "采纳为拟建",
      gaps: "覆盖盲区",
      gap_line: (n, who, area) => `${n} ${who} · ${area} 公顷`,
      gap_nearest: (name, m) => `最近场所：${name}，步行 ${m} 分钟`,
      gap_nearest_none: "步行范围内无同类场所",
      no_gaps: "没有覆盖盲区。",
      uncovered: (n, who) => `未覆盖 ${n} ${who}`,
      more_gaps: (n) => `另有 ${n} 处较小盲区`,
      scorecard: "标准评估",
      standard: "评估标准",
      filter: "显示",
      filter_all: "全部",
      filter_city: "仅全市",
      filter_fail: "仅未达标",
      rule: "规则",
      unit: "单元",
      limit: "限值",
      value: "实际",
      required: "要求",
      verdict: "结论",
      pass: "达标",
      fail: "未达标",
      na: "不适用",
      checks_summary: (p, n) => `${n} 项检查中 ${p} 项达标`,
      no_units: "未配置报告单元：显示全市合计、盲区与建议新址。启动时加 --units 文件:字段 可显示分区图与标准评估。",
      downloads: "下载",
      layer_figures: "分区指标",
      layer_gaps: "覆盖盲区",
      layer_picks: "建议新址",
      layer_scorecard: "标准评估",
      layer_sites: "场所（含方案）",
      legend: (who, m) => `${who}（${m} 分钟）`,
      no_residents: "无居民",
      layer_units: "分区",
      layer_gap_areas: "盲区",
      layer_sites_map: "场所",
      layer_picks_map: "建议新址",
      updating: "正在计算…",
      updated: (ms) => `已更新（${ms} 毫秒）`,
      error: "出错了：",
      proposed: "拟建场所",
      closed_site: "已关闭（方案）",
      pick: (n) => `建议新址 ${n}`,
      metres: "按米",
      share_of: (share) => `覆盖率 ${share}`
    },
    en: {
      title: "Learning-circle planner",
      subtitle: "15-minute learning circles · planning assessment",
      lang: "中文",
      citizen_map: "Citizen map",
      settings: "Analysis",
      category: "Site category",
      all_sites: "All learning sites",
      minutes: "Walk",
      min: "min",
      pace: "Pace",
      pace_adult: "Adult (4.8 km/h)",
      pace_elderly: "Elderly (3.3 km/h)",
      figure: "Map figure",
      who_residents: "Share of residents",
      who_elderly: "Share of elderly residents",
      city_total: "City total",
      row_residents: "Residents",
      row_elderly: "Elderly",
      residents: "residents",
      elderly: "elderly residents",
      covered: "covered",
      baseline: "Now",
      scenario: "Scenario",
      change: "Change",
      whatif: "What-if scenario",
      whatif_on: "What-if mode: on",
      whatif_off: "What-if mode: off",
      whatif_hint_off: "Turn what-if mode on, then click the map to propose a site or click a site to close it.",
      whatif_hint_on: "Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.",
      add_category: "Proposed site category",
      clear: "Clear all",
      no_changes: "No changes (as is)",
      added: (name, lon, lat) => `Added ${name} (${lon}, ${lat})`,
      closed: (name) => `Closed ${name}`,
      remove: "Undo",
      too_many: (n) => `At most ${n} proposed sites.`,
      picks: "Recommended sites",
      k: "How many",
      pick_line: (n, who, share) => `adds ${n} ${who} · cumulative ${share}`,
      no_picks: "No new site adds anyone.",
      add_pick: "Propose it",
      gaps: "Gap areas",
      gap_line: (n, who, area) => `${n} ${who} · ${area} ha`,
      gap_nearest: (name, m) => `nearest: ${name}, ${m} min on foot`,
      gap_nearest_none: "no such site within reach",
      no_gaps: "No gap areas.",
      uncovered: (n, who) => `${n} ${who} not covered`,
      more_gaps: (n) => `${n} smaller gaps not listed`,
      scorecard: "Standards scorecard",
      standard: "Standard",
      filter: "Show",
      filter_all: "All",
      filter_city: "City totals",
      filter_fail: "Failures only",
      rule: "Rule",
      unit: "Unit",
      limit: "Limit",
      value: "Value",
      required: "Required",
      verdict: "Verdict",
      pass: "pass",
      fail: "FAIL",
      na: "n/a",
      checks_summary: (p, n) => `${p} of ${n} checks pass`,
      no_units: "No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.",
      downloads: "Downloads",
      layer_figures: "Unit figures",
      layer_gaps: "Gap areas",
      layer_picks: "Recommended sites",
      layer_scorecard: "Scorecard",
      layer_sites: "Sites (with scenario)",
      legend: (who, m) => `${who} (${m} min)`,
      no_residents: "no residents",
      layer_units: "Units",
      layer_gap_areas: "Gaps",
      layer_sites_map: "Sites",
      layer_picks_map: "Recommended",
      updating: "Computing…",
      updated: (ms) => `Updated (${ms} ms)`,
      error: "Error: ",
      proposed: "Proposed site",
      closed_site: "Closed (scenario)",
      pick: (n) => `Recommended site ${n}`,
      metres: "in metres",
      share_of: (share) => `${share} covered`
    }
  };
  function plannerText(lang, key) {
    const table = PLANNER_TEXT[lang] || PLANNER_TEXT.zh;
    if (!(key in table)) throw new Error(`no planner text for ${key}`);
    return table[key];
  }
  function applyPlannerLanguage(lang, root = document) {
    document.documentElement.lang = lang === "en" ? "en" : "zh";
    root.querySelectorAll("[data-i18n]").forEach((e) => {
      e.textContent = plannerText(lang, e.dataset.i18n);
    });
    root.querySelectorAll("[data-zh][data-en]").forEach((e) => {
      e.textContent = e.dataset[lang] || e.dataset.zh;
    });
  }
  var SHARE_CLASSES = [
    { upTo: 0.5, color: "#b2182b", label: "< 50%" },
    { upTo: 0.7, color: "#ef8a62", label: "50–70%" },
    { upTo: 0.85, color: "#fddbc7", label: "70–85%" },
    { upTo: 0.95, color: "#92c5de", label: "85–95%" },
    { upTo: Infinity, color: "#2166ac", label: "≥ 95%" }
  ];
  function shareColor(share) {
    if (share == null || !Number.isFinite(share)) return "#d9d9d9";
    return SHARE_CLASSES.find((c) => share < c.upTo).color;
  }
  function whatIfParams(params2, adds, closes) {
    for (const a of adds) params2.append("add", `${a.lon.toFixed(6)},${a.lat.toFixed(6)}:${a.category}`);
    for (const id of closes) params2.append("close", id);
    return params2;
  }

  // learning_map/web/frontend/src/planner.js
  var cfg = JSON.parse(byId("lm-config").textContent);
  var categoryInfo = Object.fromEntries(cfg.categories.map((c) => [c.key, c]));
  var query = new URLSearchParams(location.search);
  var pick = (name, allowed, fallback) => allowed.includes(query.get(name)) ? query.get(name) : fallback;
  var state = {
    lang: pick("lang", ["zh", "en"], "zh"),
    category: pick("category", ["all", ...Object.keys(categoryInfo)], "all"),
    minutes: pick("minutes", cfg.minutes.map(String), "15"),
    pace: pick("pace", ["adult", "elderly"], "adult"),
    who: pick("who", ["residents", "elderly"], "residents"),
    standard: pick("standard", cfg.standards.map((s) => s.key), cfg.standards[0] ? cfg.standards[0].key : ""),
    k: pick("k", Array.from({ length: cfg.maxK }, (_, i) => String(i + 1)), "5"),
    filter: "city",
    // the scorecard opens on its headline rows; "all" lists every unit
    whatif: false,
    adds: [],
    // {lon, lat, category}
    closes: [],
    // site ids
    figures: null,
    gaps: null,
    picks: null,
    checks: null
  };
  var t = (key) => plannerText(state.lang, key);
  var api = createApi();
  var numberFormat = () => new Intl.NumberFormat(state.lang === "en" ? "en-GB" : "zh-CN", { maximumFractionDigits: 0 });
  var fmt = (n) => n == null ? "—" : numberFormat().format(n);
  var pct = (x) => x == null ? "—" : `${(x * 100).toFixed(1)}%`;
  var catName = (key) => key === "all" ? t("all_sites") : categoryInfo[key] ? categoryInfo[key][state.lang] : key;
  var whoWord = (weight) => weight === "elderly" ? t("elderly") : t("residents");
  var [west, south, east, north] = cfg.bounds;
  var map = L.map("map", { zoomControl: true, attributionControl: false, boxZoom: false, zoomSnap: 0.25 });
  map.fitBounds([[south, west], [north, east]]);
  window.plannerMap = map;
  L.control.scale({ imperial: false }).addTo(map);
  var streetsRenderer = L.canvas({ padding: 0.2 });
  var Attribution = L.Control.extend({
    options: { position: "bottomright" },
    onAdd() {
      const box = el("div", null, "leaflet-control-attribution");
      box.append(linkOrText(cfg.osmAttribution, cfg.osmAttributionUrl));
      if (cfg.tilesAttribution) box.append(document.createTextNode(" | " + cfg.tilesAttribution));
      return box;
    }
  });
  new Attribution().addTo(map);
  map.createPane("units").style.zIndex = 350;
  map.createPane("gaps").style.zIndex = 420;
  map.createPane("sites").style.zIndex = 640;
  var layers = {
    units: L.geoJSON(null, { pane: "units", style: unitStyle, onEachFeature: unitTooltip }).addTo(map),
    gaps: L.geoJSON(null, {
      pane: "gaps",
      style: () => ({ color: "#7a0019", weight: 1, dashArray: "3 3", fillColor: "#d7301f", fillOpacity: 0.16, className: "planner-gap" }),
      onEachFeature: (f, layer) => layer.bindTooltip(gapSummary(f.properties))
    }).addTo(map),
    sites: L.layerGroup().addTo(map),
    picks: L.layerGroup().addTo(map)
  };
  var overlays = L.control.layers(null, {}, { collapsed: false, position: "topright" }).addTo(map);
  function labelOverlays() {
    const named = [["units", "layer_units"], ["gaps", "layer_gap_areas"], ["sites", "layer_sites_map"], ["picks", "layer_picks_map"]];
    for (const [key, name] of named.filter(([key2]) => key2 !== "units" || cfg.hasUnits)) {
      overlays.removeLayer(layers[key]);
      overlays.addOverlay(layers[key], htmlFromText(t(name)));
    }
  }
  if (cfg.tilesUrl) {
    L.tileLayer(cfg.tilesUrl, { maxZoom: 19 }).addTo(map);
  } else {
    api.get("/api/streets", {}, "streets").then((geojson) => {
      L.geoJSON(geojson, { interactive: false, renderer: streetsRenderer, style: { color: "#9a9a9a", weight: 0.8, opacity: 0.7 } }).addTo(map).bringToBack();
    }).catch(showError);
  }
  function unitFigures(name) {
    const rows = state.figures && state.figures.units;
    return rows ? rows.find((r) => r.unit === name) : null;
  }
  function unitShare(name) {
    const row = unitFigures(name);
    if (!row) return null;
    return state.who === "elderly" ? row.elderly_share : row.residents_share;
  }
  function unitStyle(feature) {
    return {
      color: "#ffffff",
      weight: 1.2,
      opacity: 1,
      fillOpacity: 0.62,
      fillColor: shareColor(unitShare(feature.properties.unit)),
      className: "planner-unit"
    };
  }
  function unitTooltip(feature, layer) {
    layer.bindTooltip(() => {
      const name = feature.properties.unit;
      const row = unitFigures(name);
      const box = el("div", null, "unit-tip");
      box.append(el("strong", name));
      if (!row) {
        box.append(el("div", t("no_residents")));
        return box;
      }
      box.append(el("div", `${t("residents")}: ${fmt(row.residents_covered)} / ${fmt(row.residents)} · ${pct(row.residents_share)}`));
      if (row.elderly != null) {
        box.append(el("div", `${t("elderly")}: ${fmt(row.elderly_covered)} / ${fmt(row.elderly)} · ${pct(row.elderly_share)}`));
      }
      return box;
    }, { sticky: true });
  }
  var Legend = L.Control.extend({
    options: { position: "bottomleft" },
    onAdd() {
      this.box = el("div", null, "legend");
      L.DomEvent.disableClickPropagation(this.box);
      return this.box;
    },
    render() {
      const box = this.box;
      box.replaceChildren();
      if (cfg.hasUnits) {
        box.append(el("div", t("legend")(state.who === "elderly" ? t("who_elderly") : t("who_residents"), state.minutes), "legend-title"));
      }
      const swatch = (color, text, extra) => {
        const row = el("div", null, "legend-row");
        const s = el("span", null, "legend-swatch" + (extra ? " " + extra : ""));
        s.style.backgroundColor = color;
        row.append(s, el("span", text));
        box.append(row);
      };
      if (cfg.hasUnits) {
        for (const c of SHARE_CLASSES) swatch(c.color, c.label);
        swatch("#d9d9d9", t("no_residents"));
      }
      swatch("rgba(215,48,31,0.35)", t("layer_gap_areas"), "gap");
      swatch("#1d2733", t("layer_picks_map"), "round pick");
      swatch("#f28e00", t("proposed"), "diamond");
      swatch("#ffffff", t("closed_site"), "round closed");
    }
  });
  var legend = new Legend().addTo(map);
  function loadUnits() {
    if (!cfg.hasUnits) return;
    api.get("/api/planner/units", {}, "units").then((geojson) => {
      layers.units.addData(geojson);
      layers.units.setStyle(unitStyle);
      map.fitBounds(layers.units.getBounds(), { padding: [10, 10] });
    }).catch(showError);
  }
  var allSites = [];
  function siteIcon(className, text) {
    const box = el("div", text, className);
    return L.divIcon({ html: box, className: "planner-icon", iconSize: null });
  }
  function drawSites() {
    layers.sites.clearLayers();
    const shown = allSites.filter((f) => state.category === "all" || f.properties.category === state.category);
    for (const f of shown) {
      const p = f.properties;
      const [lon, lat] = f.geometry.coordinates;
      const closed = state.closes.includes(p.site_id);
      const color = categoryInfo[p.category] ? categoryInfo[p.category].color : "#555";
      const marker = L.circleMarker([lat, lon], {
        pane: "sites",
        radius: closed ? 6 : 5,
        weight: closed ? 2.5 : 1.2,
        color: closed ? "#b2182b" : "#222",
        fillColor: closed ? "#ffffff" : color,
        fillOpacity: 1,
        dashArray: closed ? "2 2" : null,
        className: closed ? "planner-site closed" : "planner-site"
      });
      marker.bindTooltip(() => {
        const box = el("div");
        box.append(el("strong", p.name), el("div", catName(p.category)));
        if (closed) box.append(el("div", t("closed_site"), "warn"));
        return box;
      });
      marker.on("click", (e) => {
        L.DomEvent.stopPropagation(e);
        if (!state.whatif) return;
        state.closes = closed ? state.closes.filter((id) => id !== p.site_id) : [...state.closes, p.site_id];
        changed();
      });
      marker.addTo(layers.sites);
    }
    state.adds.forEach((a, i) => {
      const marker = L.marker([a.lat, a.lon], { pane: "sites", icon: siteIcon("proposed-icon", ""), keyboard: false });
      marker.bindTooltip(el("div", `${t("proposed")} ${i + 1} · ${catName(a.category)}`));
      marker.on("click", (e) => {
        L.DomEvent.stopPropagation(e);
        if (!state.whatif) return;
        state.adds = state.adds.filter((_, j) => j !== i);
        changed();
      });
      marker.addTo(layers.sites);
    });
  }
  function drawPicks() {
    layers.picks.clearLayers();
    const data = state.picks;
    if (!data) return;
    for (const p of data.picks) {
      const marker = L.marker([p.lat, p.lon], { icon: siteIcon("pick-icon", String(p.rank)), keyboard: false });
      marker.bindTooltip(el("div", `${t("pick")(p.rank)} · ${t("pick_line")(fmt(p.added), whoWord(data.weight), pct(p.cumulative_share))}`));
      marker.on("click", (e) => {
        L.DomEvent.stopPropagation(e);
        if (state.whatif) propose(p.lon, p.lat);
      });
      marker.addTo(layers.picks);
    }
  }
  map.on("click", (e) => {
    if (!state.whatif) return;
    propose(e.latlng.lng, e.latlng.lat);
  });
  function propose(lon, lat) {
    if (state.adds.length >= cfg.maxAdds) {
      showMessage(t("too_many")(cfg.maxAdds));
      return;
    }
    const category = state.category === "all" ? byId("add-category").value : state.category;
    state.adds = [...state.adds, { lon, lat, category }];
    changed();
  }
  function params(extra = {}) {
    const q = new URLSearchParams({ category: state.category, minutes: state.minutes, pace: state.pace, ...extra });
    return whatIfParams(q, state.adds, state.closes);
  }
  async function getJSON(path, extra, key) {
    return api.get(`${path}?${params(extra).toString()}`, null, key);
  }
  var status = byId("status");
  function showMessage(text) {
    status.textContent = text;
    status.dataset.state = "message";
  }
  function showError(err) {
    if (isSuperseded(err)) return;
    status.textContent = t("error") + err.message;
    status.dataset.state = "error";
  }
  var generation = 0;
  var lastUpdateMs = null;
  var note = "";
  function refresh() {
    const mine = ++generation;
    const started = performance.now();
    status.textContent = t("updating");
    status.dataset.state = "busy";
    const figures = getJSON("/api/planner/figures", {}, "figures").then((data) => {
      state.figures = data;
      renderTotals();
      layers.units.setStyle(unitStyle);
      if (mine === generation) {
        lastUpdateMs = Math.round(performance.now() - started);
        status.textContent = t("updated")(lastUpdateMs) + (note ? ` · ${note}` : "");
        note = "";
        status.dataset.state = "ready";
        document.body.dataset.figures = String(mine);
      }
    });
    const gaps = getJSON("/api/planner/gaps", {}, "gaps").then((data) => {
      state.gaps = data;
      renderGaps();
    });
    byId("picks").classList.add("stale");
    const picks = getJSON("/api/planner/recommend", { k: state.k }, "picks").then((data) => {
      state.picks = data;
      renderPicks();
    });
    const checks = cfg.hasUnits ? getJSON("/api/planner/scorecard", { standard: state.standard }, "scorecard").then((data) => {
      state.checks = data;
      renderChecks();
    }) : Promise.resolve();
    Promise.all([figures, gaps, picks, checks]).catch((err) => {
      if (isSuperseded(err)) return;
      showError(err);
      if (err.status === 404 && /^add/.test(err.message) && state.adds.length) {
        note = status.textContent;
        state.adds = state.adds.slice(0, -1);
        changed();
      }
    });
    renderDownloads();
  }
  function changed() {
    drawSites();
    renderChanges();
    refresh();
  }
  function renderTotals() {
    const body = byId("totals-body");
    body.replaceChildren();
    const data = state.figures;
    if (!data) return;
    const lines = [["residents", "residents_covered", "residents_share"]];
    if (data.city.elderly != null) lines.push(["elderly", "elderly_covered", "elderly_share"]);
    for (const [who, covered, share] of lines) {
      const before = data.baseline[share];
      const after = data.city[share];
      const diff = data.city[covered] - data.baseline[covered];
      const row = el("tr");
      row.append(el("th", t(`row_${who}`)));
      row.append(el("td", pct(before), "num"));
      const now = el("td", pct(after), "num strong");
      now.dataset.testid = `share-${who}`;
      row.append(now);
      const delta = el("td", (diff > 0 ? "+" : diff < 0 ? "−" : "±") + fmt(Math.abs(diff)), "num delta" + (diff > 0 ? " up" : diff < 0 ? " down" : ""));
      delta.dataset.testid = `delta-${who}`;
      row.append(delta);
      body.append(row);
      const sub = el("tr", null, "sub");
      sub.append(el("td"), el("td", fmt(data.baseline[covered]), "num"), el("td", fmt(data.city[covered]), "num"), el("td", `/ ${fmt(data.city[who])}`, "num"));
      body.append(sub);
    }
  }
  function renderChanges() {
    const list = byId("changes");
    list.replaceChildren();
    if (!state.adds.length && !state.closes.length) {
      list.append(el("li", t("no_changes"), "empty"));
      return;
    }
    const byId_ = Object.fromEntries(allSites.map((f) => [f.properties.site_id, f.properties]));
    state.adds.forEach((a, i) => {
      const item = el("li", null, "add");
      item.append(el("span", t("added")(`${catName(a.category)} ${i + 1}`, a.lon.toFixed(5), a.lat.toFixed(5))));
      const undo = el("button", t("remove"), "small");
      undo.type = "button";
      undo.addEventListener("click", () => {
        state.adds = state.adds.filter((_, j) => j !== i);
        changed();
      });
      item.append(undo);
      list.append(item);
    });
    for (const id of state.closes) {
      const item = el("li", null, "close");
      item.append(el("span", t("closed")(byId_[id] ? byId_[id].name : id)));
      const undo = el("button", t("remove"), "small");
      undo.type = "button";
      undo.addEventListener("click", () => {
        state.closes = state.closes.filter((c) => c !== id);
        changed();
      });
      item.append(undo);
      list.append(item);
    }
  }
  function renderPicks() {
    const list = byId("picks");
    list.replaceChildren();
    list.classList.remove("stale");
    drawPicks();
    const data = state.picks;
    if (!data) return;
    byId("picks-note").textContent = `${catName(state.category)} · ${state.minutes} ${t("min")} · ${t("share_of")(pct(data.total ? data.covered_before / data.total : 0))}`;
    if (!data.picks.length) {
      list.append(el("li", t("no_picks"), "empty"));
      return;
    }
    for (const p of data.picks) {
      const item = el("li");
      item.append(el("span", t("pick_line")(fmt(p.added), whoWord(data.weight), pct(p.cumulative_share))));
      const adopt = el("button", t("add_pick"), "small");
      adopt.type = "button";
      adopt.addEventListener("click", () => propose(p.lon, p.lat));
      item.append(adopt);
      item.addEventListener("mouseenter", () => map.panTo([p.lat, p.lon], { animate: false }));
      list.append(item);
    }
  }
  function gapSummary(p) {
    const box = el("div");
    const weight = state.gaps ? state.gaps.weight : "population";
    box.append(el("strong", `#${p.rank}`), el("div", t("gap_line")(fmt(p.weight), whoWord(weight), (p.area_m2 / 1e4).toFixed(1))));
    box.append(el("div", p.nearest_minutes == null ? t("gap_nearest_none") : t("gap_nearest")(p.nearest_site_name, p.nearest_minutes.toFixed(1))));
    return box;
  }
  var GAPS_LISTED = 8;
  function renderGaps() {
    const list = byId("gaps");
    list.replaceChildren();
    layers.gaps.clearLayers();
    const data = state.gaps;
    if (!data) return;
    layers.gaps.addData(data);
    byId("gaps-note").textContent = t("uncovered")(fmt(data.uncovered), whoWord(data.weight));
    if (!data.features.length) {
      list.append(el("li", t("no_gaps"), "empty"));
      return;
    }
    for (const f of data.features.slice(0, GAPS_LISTED)) {
      const item = el("li");
      item.append(gapSummary(f.properties));
      item.addEventListener("click", () => {
        const layer = layers.gaps.getLayers().find((l) => l.feature === f);
        if (layer) map.fitBounds(layer.getBounds(), { maxZoom: 16, padding: [30, 30] });
      });
      list.append(item);
    }
    if (data.features.length > GAPS_LISTED) list.append(el("li", t("more_gaps")(data.features.length - GAPS_LISTED), "empty"));
  }
  function checkValue(row) {
    if (row.value == null) return "—";
    const count = row.kind === "presence" && row.unit !== state.checks.city_total && row.level !== "city";
    return count ? fmt(row.value) : pct(row.value);
  }
  function renderChecks() {
    const body = byId("checks");
    body.replaceChildren();
    const data = state.checks;
    if (!data) return;
    const rows = data.checks.filter((r) => {
      if (state.filter === "city") return r.unit === data.city_total;
      if (state.filter === "fail") return r.pass === false;
      return true;
    });
    const judged = data.checks.filter((r) => r.pass != null);
    byId("checks-summary").textContent = t("checks_summary")(judged.filter((r) => r.pass).length, judged.length);
    for (const r of rows) {
      const tr = el("tr", null, r.unit === data.city_total ? "city" : "");
      const rule = el("td", null, "rule");
      rule.append(el("div", r.rule, "rule-id"));
      if (r.source_text) {
        const source = el("div", r.source_text, "rule-source");
        source.title = r.source_text;
        rule.append(source);
      }
      const pace = r.pace === "adult" ? t("pace_adult") : r.pace === "elderly" ? t("pace_elderly") : r.limit && /m$/.test(r.limit) ? t("metres") : "—";
      const verdict = r.pass == null ? el("td", t("na"), "verdict na") : el("td", r.pass ? t("pass") : t("fail"), r.pass ? "verdict pass" : "verdict fail");
      tr.append(
        rule,
        el("td", r.unit == null ? "—" : r.unit),
        el("td", pace),
        el("td", r.limit == null ? r.note || "—" : r.limit),
        el("td", checkValue(r), "num"),
        el("td", r.kind === "presence" && r.unit !== data.city_total ? "≥ 1" : pct(r.required), "num"),
        verdict
      );
      body.append(tr);
    }
  }
  var LAYER_KEYS = ["figures", "gaps", "picks", "scorecard", "sites"];
  function renderDownloads() {
    const list = byId("downloads");
    list.replaceChildren();
    for (const layer of LAYER_KEYS) {
      if (layer === "scorecard" && !cfg.hasUnits) continue;
      const item = el("li");
      item.append(el("span", t(`layer_${layer}`), "dl-name"));
      for (const format of ["csv", "gpkg"]) {
        const q = params({ k: state.k, standard: state.standard, layer, format });
        const url = new URL(`/api/planner/download?${q.toString()}`, location.href).href;
        const link = linkOrText(format === "csv" ? "CSV" : "GeoPackage", url);
        link.removeAttribute("target");
        link.download = "";
        link.className = "dl";
        link.dataset.layer = layer;
        link.dataset.format = format;
        item.append(link);
      }
      list.append(item);
    }
  }
  function writeURL() {
    const q = new URLSearchParams({ lang: state.lang, category: state.category, minutes: state.minutes, pace: state.pace, who: state.who, standard: state.standard, k: state.k });
    history.replaceState(null, "", `${location.pathname}?${q.toString()}`);
  }
  function renderWhatIfMode() {
    const button = byId("whatif-toggle");
    button.textContent = t(state.whatif ? "whatif_on" : "whatif_off");
    button.setAttribute("aria-pressed", String(state.whatif));
    button.classList.toggle("on", state.whatif);
    byId("whatif-hint").textContent = t(state.whatif ? "whatif_hint_on" : "whatif_hint_off");
    byId("map").classList.toggle("whatif", state.whatif);
    byId("add-category").disabled = state.category !== "all";
    if (state.category !== "all") byId("add-category").value = state.category;
  }
  function renderAll() {
    applyPlannerLanguage(state.lang);
    labelOverlays();
    legend.render();
    renderWhatIfMode();
    renderTotals();
    renderChanges();
    renderPicks();
    renderGaps();
    renderChecks();
    renderDownloads();
    drawSites();
    if (!cfg.hasUnits) {
      byId("scorecard-note").textContent = t("no_units");
    }
    if (status.dataset.state === "ready" && lastUpdateMs != null) status.textContent = t("updated")(lastUpdateMs);
  }
  function bindSelect(id, key, onChange) {
    const select = byId(id);
    select.value = state[key];
    select.addEventListener("change", () => {
      state[key] = select.value;
      writeURL();
      onChange();
    });
  }
  bindSelect("category", "category", () => {
    drawSites();
    renderWhatIfMode();
    refresh();
  });
  bindSelect("minutes", "minutes", () => {
    legend.render();
    refresh();
  });
  bindSelect("pace", "pace", refresh);
  bindSelect("who", "who", () => {
    legend.render();
    layers.units.setStyle(unitStyle);
  });
  bindSelect("k", "k", () => {
    getJSON("/api/planner/recommend", { k: state.k }, "picks").then((data) => {
      state.picks = data;
      renderPicks();
    }).catch(showError);
    renderDownloads();
  });
  bindSelect("standard", "standard", () => {
    getJSON("/api/planner/scorecard", { standard: state.standard }, "scorecard").then((data) => {
      state.checks = data;
      renderChecks();
    }).catch(showError);
    renderDownloads();
  });
  byId("check-filter").addEventListener("change", (e) => {
    state.filter = e.target.value;
    renderChecks();
  });
  byId("whatif-toggle").addEventListener("click", () => {
    state.whatif = !state.whatif;
    renderWhatIfMode();
  });
  byId("whatif-clear").addEventListener("click", () => {
    state.adds = [];
    state.closes = [];
    changed();
  });
  byId("lang").addEventListener("click", () => {
    state.lang = state.lang === "zh" ? "en" : "zh";
    writeURL();
    renderAll();
  });
  if (!cfg.hasElderly) byId("who").disabled = true;
  document.body.classList.toggle("no-units", !cfg.hasUnits);
  renderAll();
  loadUnits();
  api.get("/api/sites", {}, "sites").then((data) => {
    allSites = data.features;
    drawSites();
    renderChanges();
  }).catch(showError);
  refresh();
})();
