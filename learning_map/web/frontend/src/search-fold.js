/* The exported map's search, with the server's folding (learning_map.city.search): each site's
   keys are computed when the map is written (learning_map/export/offline_search.py); a typed
   query is folded here the same way — traditional characters to simplified with the map's own
   table, full-width to half-width (NFKC), no punctuation or spaces, lower case, no accents — and
   matched by the same classes, best first. */

// Unicode punctuation, separators and control/format characters: dropped, as the server drops them.
const DROPPED = /[\p{P}\p{Z}\p{C}]/gu;
export const EXACT = 0;
export const PREFIX = 1;
export const INSIDE = 2;
export const PINYIN = 3;
export const ADDRESS = 4;

/**
 * A query folded into a search key.
 *
 * @param {string} text  what was typed
 * @param {Object<string, string>} table  traditional -> simplified character
 * @returns {string}
 */
export function foldQuery(text, table) {
  const nfkc = String(text || "").normalize("NFKC");
  const simplified = Array.from(nfkc, (ch) => (Object.hasOwn(table, ch) ? table[ch] : ch)).join("");
  return simplified.replace(DROPPED, "").toLowerCase().normalize("NFKD").replace(/\p{M}/gu, "");
}

/**
 * How well a site's keys match a folded query: EXACT … ADDRESS, or -1 for no match.
 *
 * @param {string[]} keys  [name key, address key, pinyin tails ("|tushuguan|shuguan|guan"), initials]
 * @param {string} needle  the folded query
 * @param {number} minPinyin  letters a query needs before pinyin and initials are tried
 * @returns {number}
 */
export function matchClass(keys, needle, minPinyin) {
  const [name, address, pinyin, initials] = keys;
  if (!needle) return -1;
  if (name === needle) return EXACT;
  if (name.startsWith(needle)) return PREFIX;
  if (name.includes(needle)) return INSIDE;
  if (/^[a-z]+$/.test(needle) && needle.length >= minPinyin
      && (pinyin.includes(`|${needle}`) || initials.includes(needle))) return PINYIN;
  if (address.includes(needle)) return ADDRESS;
  return -1;
}

/**
 * The rows matching a query, best first: name matches before address-only ones, then the better
 * match, then the shorter name (the server's order without a current point).
 *
 * @param {{keys: string[][], fold: Object<string, string>, min_pinyin: number}} search  the map's data
 * @param {string} text  what was typed
 * @param {string[]} names  each row's shown name (for the length order)
 * @returns {number[]} row indexes
 */
export function searchRows(search, text, names) {
  const needle = foldQuery(text, search.fold || {});
  const found = [];
  search.keys.forEach((keys, row) => {
    const cls = matchClass(keys, needle, search.min_pinyin);
    if (cls >= 0) found.push({ row, cls });
  });
  found.sort((a, b) => (a.cls === ADDRESS) - (b.cls === ADDRESS) || a.cls - b.cls
    || (names[a.row] || "").length - (names[b.row] || "").length || a.row - b.row);
  return found.map((f) => f.row);
}
