// Unit tests of the basemap's label language rule (node --test).
import assert from "node:assert/strict";
import { test } from "node:test";

import { bytesFromBase64, dataZoomOf, labelText } from "../src/basemap.js";

const MACAU_STREET = { name: "新馬路 Avenida de Almeida Ribeiro", "name:zh": "新馬路", "name:pt": "Avenida de Almeida Ribeiro" };

test("a Chinese page shows the Chinese name, an English page the English or Portuguese one", () => {
  assert.equal(labelText(MACAU_STREET, "zh"), "新馬路");
  assert.equal(labelText(MACAU_STREET, "en"), "Avenida de Almeida Ribeiro");
  assert.equal(labelText({ ...MACAU_STREET, "name:en": "New Road" }, "en"), "New Road");
});

test("the script the reader chose wins where the data has both", () => {
  const place = { name: "新口岸填海區", "name:zh": "新口岸填海區", "name:zh-Hans": "新口岸填海区", "name:zh-Hant": "新口岸填海區" };
  assert.equal(labelText(place, "zh-Hans"), "新口岸填海区");
  assert.equal(labelText(place, "zh-Hant"), "新口岸填海區");
});

test("a Chinese page shows the name the build stored in its script", () => {
  const parish = { name: "風順堂區", "name:zh": "風順堂區", name_zh_hans: "风顺堂区", name_zh_hant: "風順堂區" };
  assert.equal(labelText(parish, "zh-Hans"), "风顺堂区");
  assert.equal(labelText(parish, "zh-Hant"), "風順堂區");
  assert.equal(labelText({ ...parish, "name:pt": "São Lourenço" }, "pt"), "São Lourenço");
});

test("without the language's name, the feature's own name; without any, no label", () => {
  assert.equal(labelText({ name: "Triq il-Merkanti" }, "zh"), "Triq il-Merkanti");
  assert.equal(labelText({ kind: "minor" }, "en"), null);
  assert.equal(labelText({ name: "" }, "en"), null);
});

test("the single-file map's base64 archive decodes to its bytes", () => {
  assert.deepEqual([...bytesFromBase64(Buffer.from("PMTiles\u0003").toString("base64"))], [80, 77, 84, 105, 108, 101, 115, 3]);
});

test("closer zooms magnify the archive's own last zoom, at most 15", () => {
  assert.equal(dataZoomOf({ maxZoom: 13 }), 13);
  assert.equal(dataZoomOf({ maxZoom: 15 }), 15);
  assert.equal(dataZoomOf({ maxZoom: 16 }), 15);
});
