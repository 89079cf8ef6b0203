/* Element builders that take text only, and the one rule for links.
   Text from data files (names, addresses, websites) reaches the page through textContent or
   text nodes, never as HTML. A website becomes a link only when it is an absolute http(s) URL;
   anything else (javascript:, data:, a relative path, ...) is shown as text. */

/** An element with optional text (set through textContent) and class. */
export function el(tag, text, className) {
  const node = document.createElement(tag);
  if (text != null) node.textContent = String(text);
  if (className) node.className = className;
  return node;
}

/** The element with this id (throws if the page lacks it: a template/script mismatch). */
export function byId(id) {
  const node = document.getElementById(id);
  if (!node) throw new Error(`#${id} is missing from the page`);
  return node;
}

/** The URL to link to when `text` is an absolute http(s) URL, else null. */
export function safeHref(text) {
  if (typeof text !== "string" || !/^https?:\/\//i.test(text.trim())) return null;
  let url;
  try {
    url = new URL(text.trim());
  } catch {
    return null;
  }
  return url.protocol === "http:" || url.protocol === "https:" ? url.href : null;
}

/** A link showing `text`, opening in a new tab; plain text when the URL is not http(s). */
export function linkOrText(text, url = text) {
  const href = safeHref(url);
  if (!href) return document.createTextNode(String(text));
  const a = el("a", text);
  a.setAttribute("href", href);
  a.setAttribute("rel", "noopener noreferrer");
  a.setAttribute("target", "_blank");
  return a;
}

/**
 * A link to a page of this site (a path such as /site/osm-n123?lang=en), or plain text when
 * the path is anything else: never another origin ("//host"), never a scheme.
 */
export function pathLink(text, path, className = "") {
  if (typeof path !== "string" || !/^\/(?!\/)[A-Za-z0-9/_.%?=&-]*$/.test(path)) return document.createTextNode(String(text));
  const a = el("a", text, className);
  a.setAttribute("href", path);
  return a;
}

/** "label: value" as one line; value is text or a node from this module. */
export function detailLine(label, value, className = "details") {
  const line = el("div", null, className);
  line.append(el("span", `${label}: `, "label"), typeof value === "string" ? el("span", value) : value);
  return line;
}

/** A colour from a data attribute or a category, only if it is a hex colour. */
export function safeColor(text, fallback = "#777777") {
  return typeof text === "string" && /^#[0-9a-f]{3,8}$/i.test(text) ? text : fallback;
}

/** Paint the `.swatch[data-color]` elements under root (style attributes are blocked by CSP). */
export function paintSwatches(root = document) {
  for (const swatch of root.querySelectorAll(".swatch[data-color]")) {
    swatch.style.backgroundColor = safeColor(swatch.dataset.color, "transparent");
  }
}

/**
 * Markup for an API that only takes HTML (Leaflet's layer-control labels), built by the
 * DOM from text, so every character of the text is escaped by the browser.
 */
export function htmlFromText(text) {
  const holder = el("span", text);
  // eslint-disable-next-line no-restricted-properties -- reading markup the DOM escaped from text, for Leaflet's layer control, which only takes HTML.
  return holder.innerHTML;
}
