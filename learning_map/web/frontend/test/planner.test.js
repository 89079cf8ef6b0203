// Unit tests of the planner page's pure helpers (node --test).
import assert from "node:assert/strict";
import { test } from "node:test";

import { SHARE_CLASSES, plannerText, shareColor, whatIfParams } from "../src/planner-i18n.js";

test("choropleth classes: each share gets its class colour, no share is grey", () => {
  assert.equal(shareColor(0), SHARE_CLASSES[0].color);
  assert.equal(shareColor(0.4999), SHARE_CLASSES[0].color);
  assert.equal(shareColor(0.5), SHARE_CLASSES[1].color);
  assert.equal(shareColor(0.85), SHARE_CLASSES[3].color);
  assert.equal(shareColor(0.95), SHARE_CLASSES[4].color);
  assert.equal(shareColor(1), SHARE_CLASSES[4].color);
  assert.equal(shareColor(null), "#d9d9d9");
  assert.equal(shareColor(Number.NaN), "#d9d9d9");
});

test("the what-if goes out as repeated add=LON,LAT:CATEGORY and close=ID parameters", () => {
  const q = whatIfParams(new URLSearchParams({ minutes: "15" }),
    [{ lon: 113.5439123456, lat: 22.1987, category: "library" }, { lon: 113.55, lat: 22.2, category: "school" }],
    ["osm-n1", "a&b=c"]);
  assert.deepEqual(q.getAll("add"), ["113.543912,22.198700:library", "113.550000,22.200000:school"]);
  assert.deepEqual(q.getAll("close"), ["osm-n1", "a&b=c"]);
  assert.equal(q.get("minutes"), "15");
  assert.match(q.toString(), /close=a%26b%3Dc/);  // an id is one parameter, never two
});

test("the planner's words come from the catalogues in each locale, plurals worded per locale", () => {
  assert.equal(plannerText("en", "title"), "Learning-circle planner");
  assert.equal(plannerText("zh_Hant", "title"), "學習圈規劃工具");
  assert.equal(plannerText("zh_Hans", "title"), "学习圈规划工具");
  assert.equal(plannerText("pt", "title"), "Planeador de círculos de aprendizagem");
  assert.equal(plannerText("en", "at_least")(1), "at least 1 site");
  assert.equal(plannerText("en", "at_least")(2), "at least 2 sites");
  assert.equal(plannerText("pt", "at_least")(1), "pelo menos 1 local");
  assert.equal(plannerText("pt", "at_least")(3), "pelo menos 3 locais");
  assert.equal(plannerText("zh_Hant", "at_least")(3), "至少 3 處場所");
  assert.equal(plannerText("en", "checks_summary")(1, 1), "1 of 1 check passes");
  assert.equal(plannerText("pt", "checks_summary")(2, 5), "2 de 5 verificações cumprem");
  assert.throws(() => plannerText("en", "no_such_key"));
});
