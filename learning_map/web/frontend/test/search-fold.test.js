import { test } from "node:test";
import assert from "node:assert/strict";

import { ADDRESS, EXACT, INSIDE, PINYIN, PREFIX, foldQuery, matchClass, searchRows } from "../src/search-fold.js";

const TABLE = { 圖: "图", 書: "书", 館: "馆", 環: "环" };

test("a query folds like the server: traditional to simplified, no spaces or punctuation, no accents", () => {
  assert.equal(foldQuery("圖書館", TABLE), "图书馆");
  assert.equal(foldQuery(" 下環 · 圖書館（新）", TABLE), "下环图书馆新");
  assert.equal(foldQuery("Praça ＡＢ", TABLE), "pracaab");
});

test("match classes and order follow the server", () => {
  const keys = [
    ["下环图书馆", "", "|xiahuantushuguan|huantushuguan|tushuguan|shuguan|guan", "xhtsg"],
    ["图书馆", "", "|tushuguan|shuguan|guan", "tsg"],
    ["红街市", "图书馆路1号", "|hongjieshi|jieshi|shi", "hjs"],
  ];
  assert.equal(matchClass(keys[1], "图书馆", 2), EXACT);
  assert.equal(matchClass(keys[1], "图书", 2), PREFIX);
  assert.equal(matchClass(keys[0], "图书馆", 2), INSIDE);
  assert.equal(matchClass(keys[0], "shuguan", 2), PINYIN);
  assert.equal(matchClass(keys[0], "uguan", 2), -1); // only from a syllable's start
  assert.equal(matchClass(keys[2], "图书馆", 2), ADDRESS);
  assert.deepEqual(searchRows({ keys, fold: TABLE, min_pinyin: 2 }, "圖書館", ["下環圖書館", "圖書館", "紅街市"]), [1, 0, 2]);
  assert.deepEqual(searchRows({ keys, fold: TABLE, min_pinyin: 2 }, "tsg", ["a", "b", "c"]), [0, 1]);
});
