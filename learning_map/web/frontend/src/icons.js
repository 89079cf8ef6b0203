/* Category icons: one shape and one colour per category, drawn as inline SVG built with the DOM
   (no markup strings, no image requests). Which shape, colour and outline each category (and each
   elderly-education subtype) gets comes from the one symbol system, learning_map/city/symbols.toml,
   which the build writes into symbols.js: the print products read the same file. Shapes differ
   so that a reader who cannot tell the colours apart (or a greyscale print) still can; the
   colours are the Okabe-Ito palette, distinct under the common colour-vision deficiencies. The
   same icon marks a site on the map (a Leaflet divIcon) and its category in the list and the
   legend. */

import { SYMBOLS } from "./symbols.js";

const SVG_NS = "http://www.w3.org/2000/svg";

/** Each shape as a path in a 24 x 24 box (geometry only; which category gets which is data). */
const SHAPES = {
  circle: "M12 2.5a9.5 9.5 0 1 1 0 19a9.5 9.5 0 1 1 0-19z",
  square: "M3.5 3.5h17v17h-17z",
  diamond: "M12 1.5L22.5 12L12 22.5L1.5 12z",
  triangle: "M12 2L22.5 21H1.5z",
  hexagon: "M12 1.8L21 7v10l-9 5.2L3 17V7z",
  pentagon: "M12 2l10 7.3l-3.8 11.7H5.8L2 9.3z",
  star: "M12 1.5l3 7.2l7.6.4l-5.9 4.9l2 7.5L12 17.3l-6.6 4.2l2-7.5l-5.9-4.9l7.6-.4z",
};

/** Each category key's symbol {shape, color, outline, order}, in drawing order. */
export const CATEGORY_ICONS = SYMBOLS.category;
/** Each elderly-education subtype's symbol (for the elderly filter and map). */
export const SUBTYPE_ICONS = SYMBOLS.subtype;

/** The symbol of a category key, or of its subtype when given and known; unknown: a grey circle. */
export function categoryIcon(key, subtype = null) {
  if (subtype && Object.hasOwn(SUBTYPE_ICONS, subtype)) return SUBTYPE_ICONS[subtype];
  return Object.hasOwn(CATEGORY_ICONS, key) ? CATEGORY_ICONS[key] : SYMBOLS.fallback;
}

/** The path of a shape in a 24 x 24 box (a circle for a shape the geometry lacks). */
export function shapePath(shape) {
  return Object.hasOwn(SHAPES, shape) ? SHAPES[shape] : SHAPES.circle;
}

/**
 * The category's icon as an <svg> element, decorative (aria-hidden): the category's name is
 * always written beside it or in the marker's tooltip. It carries its category, shape and
 * colours as data attributes, so a test reads from the page which symbol each category got.
 *
 * @param {string} key  category key
 * @param {number} size  pixels
 * @param {string|null} subtype  an elderly-education subtype key
 */
export function iconSvg(key, size = 24, subtype = null) {
  const { shape, color, outline } = categoryIcon(key, subtype);
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", `cat-icon cat-${shape}`);
  svg.dataset.category = key;
  if (subtype) svg.dataset.subtype = subtype;
  svg.dataset.shape = shape;
  svg.dataset.fill = color;
  svg.dataset.outline = outline;
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", shapePath(shape));
  path.setAttribute("fill", color);
  path.setAttribute("stroke", outline);
  path.setAttribute("stroke-width", "1.6");
  path.setAttribute("stroke-linejoin", "round");
  svg.append(path);
  return svg;
}

/** Put each category's icon into the `[data-icon]` placeholders under root. */
export function paintIcons(root = document) {
  for (const holder of root.querySelectorAll("[data-icon]")) {
    holder.replaceChildren(iconSvg(holder.dataset.icon, Number(holder.dataset.size) || 22, holder.dataset.subtype || null));
  }
}

/**
 * A Leaflet divIcon showing the category's icon; `state` ("in", "out", "selected" or "") becomes
 * a class so CSS can make sites inside the walking area stand out and those outside fade.
 *
 * @param {string} key  category key
 * @param {string} state
 * @param {number} size  the icon's pixels (the marker's box adds 4)
 */
export function markerIcon(key, state = "", size = 26) {
  const holder = document.createElement("div");
  holder.append(iconSvg(key, size));
  const box = size + 4;
  return L.divIcon({
    html: holder, className: `site-marker ${state}`.trim(), iconSize: [box, box], iconAnchor: [box / 2, box / 2],
  });
}
