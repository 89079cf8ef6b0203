// Unit tests of the URL state (node --test; run by `npm test` and tests/test_frontend.py).
import assert from "node:assert/strict";
import { test } from "node:test";

import {
  courseFilterActive, fallbackMinutes, filterQuery, minuteChoices, parseMinutes, readState, stateQuery,
} from "../src/state.js";

const LIMITS = { bounds: [113.52, 22.10, 113.60, 22.22], maxMinutes: 60, categories: ["library", "school"] };

test("valid URL values are kept", () => {
  const s = readState("?lon=113.55&lat=22.19&minutes=7&pace=elderly&cats=library&lang=en&site=42", LIMITS);
  assert.equal(s.lon, 113.55);
  assert.equal(s.lat, 22.19);
  assert.equal(s.minutes, "7");
  assert.equal(s.pace, "elderly");
  assert.deepEqual([...s.cats], ["library"]);
  assert.equal(s.lang, "en");
  assert.equal(s.site, "42");
});

test("invalid coordinates drop the point, never NaN", () => {
  for (const q of ["?lon=abc&lat=22.19", "?lon=113.55", "?lon=NaN&lat=NaN", "?lon=1e2&lat=22.19",
    "?lon=Infinity&lat=22.19", "?lon=１１３.５&lat=22.19", "?lon=113.55&lat=", "?lon=10&lat=10"]) {
    const s = readState(q + "&site=42", LIMITS);
    assert.equal(s.lon, null, q);
    assert.equal(s.lat, null, q);
    assert.equal(s.site, null, q);
    assert.ok(!stateQuery(s, LIMITS.categories).includes("NaN"), q);
    assert.ok(!stateQuery(s, LIMITS.categories).includes("lon="), q);
  }
});

test("invalid minutes fall back to 15, or to the maximum when it is lower", () => {
  for (const m of ["", "abc", "0", "-5", "61", "NaN", "1e1", "7.123"]) {
    assert.equal(readState(`?minutes=${m}`, LIMITS).minutes, "15", m);
  }
  assert.equal(readState("?minutes=07", LIMITS).minutes, "7");
  assert.equal(readState("?minutes=60", LIMITS).minutes, "60");
  assert.equal(readState("?minutes=15", { ...LIMITS, maxMinutes: 10 }).minutes, "10");
  assert.equal(fallbackMinutes(60), "15");
  assert.equal(parseMinutes("12.5", 60), "12.5");
});

test("minute choices: 5/10/15 up to the maximum, plus the current value", () => {
  assert.deepEqual(minuteChoices(60, "15"), ["5", "10", "15"]);
  assert.deepEqual(minuteChoices(60, "7"), ["5", "7", "10", "15"]);
  assert.deepEqual(minuteChoices(60, "30"), ["5", "10", "15", "30"]);
  assert.deepEqual(minuteChoices(10, "10"), ["5", "10"]);
  assert.deepEqual(minuteChoices(3, "3"), ["3"]);
  assert.deepEqual(minuteChoices(60, "99"), ["5", "10", "15"]);
});

test("unknown values fall back; the query is canonical and round-trips", () => {
  const s = readState("?pace=fast&lang=fr&cats=library,bogus,school&minutes=10", LIMITS);
  assert.equal(s.pace, "normal");
  assert.equal(s.lang, "zh-Hans");
  assert.deepEqual([...s.cats], ["library", "school"]);
  assert.equal(stateQuery(s, LIMITS.categories), "?minutes=10&pace=normal&lang=zh-Hans");
  const shared = "?lon=113.550000&lat=22.190000&minutes=5&pace=elderly&cats=school&lang=en&site=a-1";
  assert.equal(stateQuery(readState(shared, LIMITS), LIMITS.categories), shared);
  assert.equal(stateQuery(readState("?cats=", LIMITS), LIMITS.categories), "?minutes=15&pace=normal&cats=&lang=zh-Hans");
});

test("languages: old zh links mean Simplified, Traditional is kept, the city's default fills in", () => {
  assert.equal(readState("?lang=zh", LIMITS).lang, "zh-Hans");
  assert.equal(readState("?lang=zh-Hant", LIMITS).lang, "zh-Hant");
  assert.equal(readState("?lang=xx", { ...LIMITS, defaultLang: "zh-Hant" }).lang, "zh-Hant");
  assert.equal(readState("", { ...LIMITS, defaultLang: "en" }).lang, "en");
});

test("open at and course filters: checked, round-tripped, and sent to the API", () => {
  const limits = { ...LIMITS, courseCategories: ["music", "smartphone_it"] };
  const shared = "?minutes=15&pace=normal&day=sa&at=09:30&course=music&audience=elderly&weekday=tu&tod=morning"
    + "&enrolling=1&lang=en";
  const s = readState(shared, limits);
  assert.equal(decodeURIComponent(stateQuery(s, LIMITS.categories)), shared);
  assert.ok(courseFilterActive(s.courses));
  assert.deepEqual(filterQuery(s), {
    course_category: "music", audience: "elderly", weekday: "tu", time_of_day: "morning", enrolling: "true",
    open_day: "sa", open_time: "09:30",
  });
  // Unknown words and bad clock times fall back to "any" and "now": nothing is sent.
  const bad = readState("?day=someday&at=25:00&course=cooking&audience=all&weekday=xx&tod=noon&enrolling=yes", limits);
  assert.equal(stateQuery(bad, LIMITS.categories), "?minutes=15&pace=normal&lang=zh-Hans");
  assert.ok(!courseFilterActive(bad.courses));
  assert.deepEqual(Object.values(filterQuery(bad)).filter((v) => v != null), []);
  // A time without a day means today at that time.
  assert.equal(filterQuery(readState("?at=18:00", limits)).open_day, "today");
});
