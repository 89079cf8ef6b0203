import { test } from "node:test";
import assert from "node:assert/strict";

import { UNCLUSTERED_ZOOM, clusterCategories, clusterIndex, clusterSize } from "../src/cluster.js";
import { CATEGORY_ICONS, SUBTYPE_ICONS, categoryIcon } from "../src/icons.js";

// Three sites a few metres apart in central Macau and one across the harbour.
const POINTS = [
  { id: 0, lat: 22.1936, lon: 113.5439, category: "library" },
  { id: 1, lat: 22.19362, lon: 113.54392, category: "school" },
  { id: 2, lat: 22.19364, lon: 113.54388, category: "library" },
  { id: 3, lat: 22.1300, lon: 113.5600, category: "university" },
];
const WORLD = [-180, -85, 180, 85];

test("overlapping sites share a cluster that counts them per category", () => {
  const index = clusterIndex(POINTS);
  const features = index.getClusters(WORLD, 12);
  const clusters = features.filter((f) => f.properties.cluster);
  assert.equal(clusters.length, 1);
  assert.equal(clusters[0].properties.point_count, 3);
  assert.deepEqual(clusterCategories(clusters[0].properties), [
    { key: "library", count: 2 }, { key: "school", count: 1 },
  ]);
  // Every site is on the map: alone or inside a cluster.
  const total = features.reduce((n, f) => n + (f.properties.cluster ? f.properties.point_count : 1), 0);
  assert.equal(total, POINTS.length);
  // The cluster splits on zooming in: at street level every site stands alone.
  const street = index.getClusters(WORLD, UNCLUSTERED_ZOOM);
  assert.equal(street.length, POINTS.length);
  assert.ok(street.every((f) => !f.properties.cluster));
  assert.ok(index.getClusterExpansionZoom(clusters[0].properties.cluster_id) <= UNCLUSTERED_ZOOM);
});

test("a cluster's categories: most sites first, then the symbol system's drawing order", () => {
  assert.deepEqual(clusterCategories({ "n:university": 1, "n:community_learning": 1, "n:school": 4, point_count: 6 }),
    [{ key: "school", count: 4 }, { key: "community_learning", count: 1 }, { key: "university", count: 1 }]);
  assert.ok(clusterSize(3) < clusterSize(30) && clusterSize(30) < clusterSize(300));
});

test("icons come from the one symbol system, with the elderly subtypes and a grey fallback", () => {
  assert.deepEqual(categoryIcon("library"), CATEGORY_ICONS.library);
  assert.equal(new Set(Object.values(CATEGORY_ICONS).map((s) => s.shape)).size, Object.keys(CATEGORY_ICONS).length);
  assert.deepEqual(categoryIcon("elderly_education", "senior_university"), SUBTYPE_ICONS.senior_university);
  assert.deepEqual(categoryIcon("elderly_education", "no_such_subtype"), CATEGORY_ICONS.elderly_education);
  assert.equal(categoryIcon("a_citys_own_kind").shape, "circle");
  assert.equal(categoryIcon("__proto__").shape, "circle");
});
