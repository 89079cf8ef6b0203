// The front end's messages from the gettext catalogues (node --test).
import assert from "node:assert/strict";
import { test } from "node:test";

import { catalogueLocale, gettext, ngettext } from "../src/catalogue.js";
import { MESSAGES } from "../src/messages.js";

test("page languages name their catalogues", () => {
  assert.equal(catalogueLocale("zh-Hant"), "zh_Hant");
  assert.equal(catalogueLocale("zh-Hans"), "zh_Hans");
  assert.equal(catalogueLocale("pt-BR"), "pt");
  assert.equal(catalogueLocale("fr"), "en");
});

test("a message in each shipped locale, the English id when a locale lacks it", () => {
  assert.deepEqual(Object.keys(MESSAGES), ["zh_Hans", "zh_Hant", "en", "pt"]);
  assert.equal(gettext("Opening hours", "zh-Hant"), "開放時間");
  assert.equal(gettext("Opening hours", "zh-Hans"), "开放时间");
  assert.equal(gettext("Opening hours", "pt"), "Horário");
  assert.equal(gettext("No such message", "zh-Hant"), "No such message");
});

test("plural forms follow each locale's rule, English's when a message has no translation", () => {
  assert.equal(ngettext("at least {n} site", "at least {n} sites", 1, "pt"), "pelo menos {n} local");
  assert.equal(ngettext("at least {n} site", "at least {n} sites", 0, "pt"), "pelo menos {n} local");
  assert.equal(ngettext("at least {n} site", "at least {n} sites", 7, "pt"), "pelo menos {n} locais");
  assert.equal(ngettext("at least {n} site", "at least {n} sites", 7, "zh-Hans"), "至少 {n} 处场所");
  assert.equal(ngettext("at least {n} site", "at least {n} sites", 1, "en"), "at least {n} site");
  assert.equal(ngettext("No such {n} thing", "No such {n} things", 2, "zh-Hant"), "No such {n} things");
});
