// Unit tests of the API client and the link rule (node --test).
import assert from "node:assert/strict";
import { test } from "node:test";

import { createApi, isSuperseded, queryString } from "../src/api.js";
import { safeHref } from "../src/dom.js";

/** A fetch whose answers the test releases by hand, in any order; it honours the abort signal. */
function manualFetch() {
  const pending = [];
  const fetchImpl = (url, { signal }) => new Promise((resolve, reject) => {
    const entry = { url, signal, release: (body, status = 200) => resolve({ ok: status < 400, status, json: async () => body }) };
    signal.addEventListener("abort", () => reject(Object.assign(new Error("aborted"), { name: "AbortError" })));
    pending.push(entry);
  });
  return { fetchImpl, pending };
}

test("the latest request with a key wins; the older one is aborted and superseded", async () => {
  const { fetchImpl, pending } = manualFetch();
  const api = createApi(fetchImpl);
  const first = api.get("/api/reachable", { lon: 1 }, "reachable");
  const second = api.get("/api/reachable", { lon: 2 }, "reachable");
  assert.equal(pending.length, 2);
  assert.ok(pending[0].signal.aborted);
  assert.ok(!pending[1].signal.aborted);
  pending[1].release({ n: 2 });
  pending[0].release({ n: 1 }); // the slow old answer arrives last
  assert.deepEqual(await second, { n: 2 });
  await assert.rejects(first, (err) => isSuperseded(err));
});

test("different keys do not cancel each other; cancel() supersedes", async () => {
  const { fetchImpl, pending } = manualFetch();
  const api = createApi(fetchImpl);
  const sites = api.get("/api/sites", {}, "sites");
  const route = api.get("/api/route", {}, "route");
  api.cancel("route");
  pending[0].release({ ok: 1 });
  assert.deepEqual(await sites, { ok: 1 });
  await assert.rejects(route, (err) => isSuperseded(err));
});

test("an error answer becomes a readable error", async () => {
  const { fetchImpl, pending } = manualFetch();
  const api = createApi(fetchImpl);
  const answer = api.get("/api/reachable", { minutes: 99 });
  pending[0].release({ error: { parameter: "minutes", message: "too many / 太多" } }, 400);
  await assert.rejects(answer, (err) => !isSuperseded(err) && err.message === "minutes: too many / 太多");
});

test("queries leave out null values", () => {
  assert.equal(queryString({ a: 1, b: null, c: undefined, d: "x y" }), "?a=1&d=x+y");
  assert.equal(queryString({}), "");
});

test("only absolute http(s) URLs are links", () => {
  assert.equal(safeHref("https://example.org/{{7*7}}"), "https://example.org/%7B%7B7*7%7D%7D");
  assert.equal(safeHref(" HTTP://example.org "), "http://example.org/");
  for (const bad of ["javascript:alert(1)", "JaVaScRiPt:alert(1)", "data:text/html,x", "//evil.org",
    "/relative", "example.org", "http:/x", " javascript:https://x", null, 42]) {
    assert.equal(safeHref(bad), null, String(bad));
  }
});

test("a city served under /c/<slug> asks its own API", async () => {
  const { fetchImpl, pending } = manualFetch();
  const api = createApi(fetchImpl, "/c/macau");
  const answer = api.get("/api/reachable", { lon: 113.5 });
  assert.equal(pending[0].url, "/c/macau/api/reachable?lon=113.5");
  pending[0].release({ ok: 1 });
  assert.deepEqual(await answer, { ok: 1 });
});
