// Unit tests of the language choice and the three tables (node --test).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  I18N, LANGUAGES, categoryLabel, chooseLang, langFromLocale, secondaryName, siteName, translate,
} from "../src/i18n.js";

test("the three tables have the same keys", () => {
  const keys = Object.keys(I18N["zh-Hans"]).sort();
  for (const lang of LANGUAGES) assert.deepEqual(Object.keys(I18N[lang]).sort(), keys, lang);
  assert.equal(translate("zh-Hans", "title"), "15分钟学习圈");
  assert.equal(translate("zh-Hant", "title"), "15分鐘學習圈");
  assert.equal(translate("en", "title"), "15-minute learning circle");
  assert.equal(translate("zh", "title"), "15分钟学习圈");
});

test("browser locales: Taiwan, Hong Kong, Macau and Hant are Traditional", () => {
  for (const l of ["zh-TW", "zh-HK", "zh-MO", "zh-Hant-CN"]) assert.equal(langFromLocale(l), "zh-Hant", l);
  assert.equal(langFromLocale("zh-CN"), "zh-Hans");
  assert.equal(langFromLocale("zh"), "zh-Hans");
  assert.equal(langFromLocale("en-GB"), "en");
  assert.equal(langFromLocale("pt-PT"), null);
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
});

test("category labels in the three languages", () => {
  const item = { category: "library", category_zh: "图书馆", category_en: "Library" };
  assert.equal(categoryLabel("zh-Hans", item), "图书馆");
  assert.equal(categoryLabel("zh-Hant", item), "圖書館");
  assert.equal(categoryLabel("en", item), "Library");
});
