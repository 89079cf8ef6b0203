/* The planner page's words in Chinese and English (the citizen page keeps its own in i18n.js). */

export const PLANNER_TEXT = {
  zh: {
    title: "学习圈规划工具", subtitle: "15分钟学习圈 · 规划评估", lang: "English", citizen_map: "市民地图",
    settings: "分析设置", category: "场所类别", all_sites: "全部学习场所", minutes: "步行时间", min: "分钟",
    pace: "步速", pace_adult: "成人（4.8 km/h）", pace_elderly: "老年人（3.3 km/h）",
    profile: "路线", profile_walk: "全部道路", profile_step_free: "无台阶", figure: "地图指标",
    who_residents: "居民覆盖率", who_elderly: "老年居民覆盖率",
    city_total: "全市合计", row_residents: "居民", row_elderly: "老年居民", residents: "居民", elderly: "老年居民", covered: "覆盖",
    baseline: "现状", scenario: "方案", change: "变化",
    whatif: "方案推演（假设分析）", whatif_on: "推演模式：开", whatif_off: "推演模式：关",
    whatif_hint_off: "打开推演模式后，点击地图新增拟建场所，点击现有场所将其关闭。",
    whatif_hint_on: "点击地图新增拟建场所；点击场所关闭或恢复；点击拟建场所将其移除。",
    add_category: "拟建场所类别", clear: "清除全部", no_changes: "尚无变更（现状）",
    added: (name, lon, lat) => `新增 ${name}（${lon}, ${lat}）`, closed: (name) => `关闭 ${name}`,
    remove: "撤销", too_many: (n) => `最多 ${n} 处拟建场所。`, too_many_closed: (n) => `最多关闭 ${n} 处场所。`,
    picks: "建议新址", k: "数量", pick_line: (n, who, share) => `新增覆盖 ${n} ${who} · 累计 ${share}`,
    no_picks: "新增场所已无法覆盖更多居民。", add_pick: "采纳为拟建",
    gaps: "覆盖盲区", gap_line: (n, who, area) => `${n} ${who} · ${area} 公顷`,
    gap_nearest: (name, m) => `最近场所：${name}，步行 ${m} 分钟`, gap_nearest_none: "步行范围内无同类场所",
    no_gaps: "没有覆盖盲区。", uncovered: (n, who) => `未覆盖 ${n} ${who}`, more_gaps: (n) => `另有 ${n} 处较小盲区`,
    scorecard: "标准评估", standard: "评估标准", filter: "显示", filter_all: "全部", filter_city: "仅全市",
    filter_fail: "仅未达标", rule: "规则", unit: "单元", limit: "限值", value: "实际", required: "要求",
    verdict: "结论", pass: "达标", fail: "未达标", na: "不适用", checks_summary: (p, n) => `${n} 项检查中 ${p} 项达标`,
    no_units: "未配置报告单元：显示全市合计、盲区与建议新址。启动时加 --units 文件:字段 可显示分区图与标准评估。",
    downloads: "下载", layer_figures: "分区指标", layer_gaps: "覆盖盲区", layer_picks: "建议新址",
    layer_scorecard: "标准评估", layer_sites: "场所（含方案）",
    legend: (who, m) => `${who}（${m} 分钟）`, no_residents: "无居民",
    layer_units: "分区", layer_gap_areas: "盲区", layer_sites_map: "场所", layer_picks_map: "建议新址",
    updating: "正在计算…", updated: (ms) => `已更新（${ms} 毫秒）`, error: "出错了：",
    proposed: "拟建场所", closed_site: "已关闭（方案）", pick: (n) => `建议新址 ${n}`, metres: "按米",
    share_of: (share) => `覆盖率 ${share}`,
  },
  en: {
    title: "Learning-circle planner", subtitle: "15-minute learning circles · planning assessment", lang: "中文",
    citizen_map: "Citizen map",
    settings: "Analysis", category: "Site category", all_sites: "All learning sites", minutes: "Walk", min: "min",
    pace: "Pace", pace_adult: "Adult (4.8 km/h)", pace_elderly: "Elderly (3.3 km/h)",
    profile: "Ways", profile_walk: "All ways", profile_step_free: "Step-free", figure: "Map figure",
    who_residents: "Share of residents", who_elderly: "Share of elderly residents",
    city_total: "City total", row_residents: "Residents", row_elderly: "Elderly", residents: "residents", elderly: "elderly residents", covered: "covered",
    baseline: "Now", scenario: "Scenario", change: "Change",
    whatif: "What-if scenario", whatif_on: "What-if mode: on", whatif_off: "What-if mode: off",
    whatif_hint_off: "Turn what-if mode on, then click the map to propose a site or click a site to close it.",
    whatif_hint_on: "Click the map to propose a site; click a site to close or reopen it; click a proposed site to remove it.",
    add_category: "Proposed site category", clear: "Clear all", no_changes: "No changes (as is)",
    added: (name, lon, lat) => `Added ${name} (${lon}, ${lat})`, closed: (name) => `Closed ${name}`,
    remove: "Undo", too_many: (n) => `At most ${n} proposed sites.`, too_many_closed: (n) => `At most ${n} closed sites.`,
    picks: "Recommended sites", k: "How many", pick_line: (n, who, share) => `adds ${n} ${who} · cumulative ${share}`,
    no_picks: "No new site adds anyone.", add_pick: "Propose it",
    gaps: "Gap areas", gap_line: (n, who, area) => `${n} ${who} · ${area} ha`,
    gap_nearest: (name, m) => `nearest: ${name}, ${m} min on foot`, gap_nearest_none: "no such site within reach",
    no_gaps: "No gap areas.", uncovered: (n, who) => `${n} ${who} not covered`, more_gaps: (n) => `${n} smaller gaps not listed`,
    scorecard: "Standards scorecard", standard: "Standard", filter: "Show", filter_all: "All", filter_city: "City totals",
    filter_fail: "Failures only", rule: "Rule", unit: "Unit", limit: "Limit", value: "Value", required: "Required",
    verdict: "Verdict", pass: "pass", fail: "FAIL", na: "n/a", checks_summary: (p, n) => `${p} of ${n} checks pass`,
    no_units: "No reporting units: the city total, gaps and recommended sites are shown. Start the server with --units FILE:FIELD for the choropleth and the scorecard.",
    downloads: "Downloads", layer_figures: "Unit figures", layer_gaps: "Gap areas", layer_picks: "Recommended sites",
    layer_scorecard: "Scorecard", layer_sites: "Sites (with scenario)",
    legend: (who, m) => `${who} (${m} min)`, no_residents: "no residents",
    layer_units: "Units", layer_gap_areas: "Gaps", layer_sites_map: "Sites", layer_picks_map: "Recommended",
    updating: "Computing…", updated: (ms) => `Updated (${ms} ms)`, error: "Error: ",
    proposed: "Proposed site", closed_site: "Closed (scenario)", pick: (n) => `Recommended site ${n}`, metres: "in metres",
    share_of: (share) => `${share} covered`,
  },
};

/** The text for `key` in `lang` (a function for entries that take values). */
export function plannerText(lang, key) {
  const table = PLANNER_TEXT[lang] || PLANNER_TEXT.zh;
  if (!(key in table)) throw new Error(`no planner text for ${key}`);
  return table[key];
}

/** Put the language's words on every `data-i18n` element and the category/standard options. */
export function applyPlannerLanguage(lang, root = document) {
  document.documentElement.lang = lang === "en" ? "en" : "zh";
  root.querySelectorAll("[data-i18n]").forEach((e) => { e.textContent = plannerText(lang, e.dataset.i18n); });
  root.querySelectorAll("[data-zh][data-en]").forEach((e) => { e.textContent = e.dataset[lang] || e.dataset.zh; });
}

/** Choropleth classes: upper bounds of the share covered, and their colours (red = poorly served). */
export const SHARE_CLASSES = [
  { upTo: 0.5, color: "#b2182b", label: "< 50%" },
  { upTo: 0.7, color: "#ef8a62", label: "50–70%" },
  { upTo: 0.85, color: "#fddbc7", label: "70–85%" },
  { upTo: 0.95, color: "#92c5de", label: "85–95%" },
  { upTo: Infinity, color: "#2166ac", label: "≥ 95%" },
];

/** The class colour of a share (0..1), or grey when there is no share (no residents). */
export function shareColor(share) {
  if (share == null || !Number.isFinite(share)) return "#d9d9d9";
  return SHARE_CLASSES.find((c) => share < c.upTo).color;
}

/** The what-if as API query parameters: add=LON,LAT:CATEGORY and close=SITE_ID, repeated. */
export function whatIfParams(params, adds, closes) {
  for (const a of adds) params.append("add", `${a.lon.toFixed(6)},${a.lat.toFixed(6)}:${a.category}`);
  for (const id of closes) params.append("close", id);
  return params;
}
