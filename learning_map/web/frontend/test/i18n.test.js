// Unit tests of the language choice and the four tables from the catalogues (node --test).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  I18N, LANGUAGES, categoryLabel, chooseLang, langFromLocale, secondaryName, siteName, translate,
} from "../src/i18n.js";

test("the four tables have the same keys", () => {
  const keys = Object.keys(I18N["zh-Hans"]).sort();
  for (const lang of LANGUAGES) assert.deepEqual(Object.keys(I18N[lang]).sort(), keys, lang);
  assert.equal(translate("zh-Hans", "title"), "15分钟学习圈");
  assert.equal(translate("zh-Hant", "title"), "15分鐘學習圈");
  assert.equal(translate("en", "title"), "15-minute learning circle");
  assert.equal(translate("pt", "title"), "Círculo de aprendizagem de 15 minutos");
  assert.equal(translate("zh", "title"), "15分钟学习圈");
});

test("values are filled in after translation, where each language puts them", () => {
  assert.equal(translate("en", "found")(3, 15), "3 learning sites within a 15-minute walk");
  assert.equal(translate("zh-Hant", "found")(3, 15), "步行 15 分鐘內可到達 3 處學習場所");
  assert.equal(translate("pt", "found")(3, 15), "Locais de aprendizagem a 15 minutos a pé: 3");
  assert.equal(translate("pt", "error")("x"), "Erro: x");
  assert.equal(translate("zh-Hant", "report_contact"), "聯絡方式（選填）");
  // Numbers the language's way: a decimal comma in Portuguese, one decimal for kilometres.
  assert.equal(translate("pt", "walk_leg")(3.5, 5.1), "3,5 min a pé (idosos 5,1 min)");
  assert.equal(translate("en", "walk_leg")(3.5, 5.1), "3.5 min walk (older people 5.1 min)");
  assert.match(translate("pt", "walk_summary")(3, 59, 86, 4), /: 4,0 km, /);
  assert.match(translate("en", "walk_summary")(3, 59, 86, 4.66), /: 3 stops, 4\.7 km, /);
  assert.equal(translate("en", "walk")(12, 1234), "12 min walk · 1234 m");
});

test("no Chinese character in the Portuguese and English words", () => {
  const cjk = /[\u3000-\u9fff\uff00-\uffef]/;
  const sample = (value) => (typeof value === "function" ? value("N", 1, 2, 3, 4) : value);
  for (const [key, value] of Object.entries(I18N.pt)) assert.doesNotMatch(sample(value), cjk, key);
  for (const [key, value] of Object.entries(I18N.en)) {
    if (key !== "language") assert.doesNotMatch(sample(value), cjk, key); // "Language 语言" on purpose
  }
});

test("browser locales: Taiwan, Hong Kong, Macau and Hant are Traditional", () => {
  for (const l of ["zh-TW", "zh-HK", "zh-MO", "zh-Hant-CN"]) assert.equal(langFromLocale(l), "zh-Hant", l);
  assert.equal(langFromLocale("zh-CN"), "zh-Hans");
  assert.equal(langFromLocale("zh"), "zh-Hans");
  assert.equal(langFromLocale("en-GB"), "en");
  assert.equal(langFromLocale("pt-PT"), "pt");
  assert.equal(langFromLocale("pt-MO"), "pt");
  assert.equal(langFromLocale("fr"), null);
});

test("link beats saved choice beats city beats browser", () => {
  assert.equal(chooseLang({ url: "en", saved: "zh-Hans", city: "zh-Hant", locale: "zh-CN" }), "en");
  assert.equal(chooseLang({ url: "bogus", saved: "zh-Hans", city: "zh-Hant", locale: "en" }), "zh-Hans");
  assert.equal(chooseLang({ url: null, saved: null, city: "zh-Hant", locale: "en-US" }), "zh-Hant");
  assert.equal(chooseLang({ url: null, saved: null, city: null, locale: "en-US" }), "en");
  assert.equal(chooseLang({ url: null, saved: null, city: null, locale: "fi" }), "zh-Hans");
});

test("site names in the chosen script, Portuguese kept as a second line", () => {
  const props = { name: "下環圖書館 Biblioteca de S. Lourenço",
    names: { "zh-Hans": "下环图书馆", "zh-Hant": "下環圖書館", en: "", pt: "Biblioteca de S. Lourenço" } };
  assert.equal(siteName("zh-Hans", props), "下环图书馆");
  assert.equal(siteName("zh-Hant", props), "下環圖書館");
  assert.equal(siteName("en", props), props.name); // no English name: the name as recorded
  assert.equal(secondaryName("zh-Hant", props), "Biblioteca de S. Lourenço");
  assert.equal(secondaryName("en", props), ""); // already in the shown name
  assert.equal(siteName("en", { name: "Plain" }), "Plain");
  assert.equal(siteName("pt", props), "Biblioteca de S. Lourenço"); // Portuguese first on a pt page
  assert.equal(secondaryName("pt", props), "");
  assert.equal(siteName("pt", { name: "教堂 Church", names: { en: "Church", pt: "" } }), "Church");
});

test("category labels in the four languages", () => {
  const item = { category: "library", category_zh: "图书馆", category_en: "Library" };
  assert.equal(categoryLabel("zh-Hans", item), "图书馆");
  assert.equal(categoryLabel("zh-Hant", item), "圖書館");
  assert.equal(categoryLabel("en", item), "Library");
  assert.equal(categoryLabel("pt", item), "Biblioteca");
  assert.equal(categoryLabel("pt", { category: "own", category_zh: "自定", category_en: "Own" }), "Own");
});
