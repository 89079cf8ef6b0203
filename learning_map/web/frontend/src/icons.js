/* Category icons: one shape and one colour per category, drawn as inline SVG built with the DOM
   (no markup strings, no image requests). Shapes differ so that a reader who cannot tell the
   colours apart still can; the colours are the Okabe-Ito palette, chosen to stay distinct under
   the common colour-vision deficiencies. The same icon marks a site on the map (a Leaflet
   divIcon) and its category in the list and the legend. */

const SVG_NS = "http://www.w3.org/2000/svg";

/** Okabe & Ito (2008), "Color Universal Design". */
export const OKABE_ITO = {
  orange: "#E69F00", sky: "#56B4E9", green: "#009E73", yellow: "#F0E442",
  blue: "#0072B2", vermillion: "#D55E00", purple: "#CC79A7", black: "#000000",
};

/**
 * Each category's shape (a path in a 24 x 24 box) and colour. The darker colours carry a white
 * outline, the lighter ones a black one, so every icon stands out from the map at 3:1 or more.
 */
const SHAPES = {
  circle: "M12 2.5a9.5 9.5 0 1 1 0 19a9.5 9.5 0 1 1 0-19z",
  square: "M3.5 3.5h17v17h-17z",
  diamond: "M12 1.5L22.5 12L12 22.5L1.5 12z",
  triangle: "M12 2L22.5 21H1.5z",
  hexagon: "M12 1.8L21 7v10l-9 5.2L3 17V7z",
  pentagon: "M12 2l10 7.3l-3.8 11.7H5.8L2 9.3z",
  star: "M12 1.5l3 7.2l7.6.4l-5.9 4.9l2 7.5L12 17.3l-6.6 4.2l2-7.5l-5.9-4.9l7.6-.4z",
};
export const CATEGORY_ICONS = {
  community_learning: { shape: "circle", color: OKABE_ITO.green },
  elderly_education: { shape: "hexagon", color: OKABE_ITO.vermillion },
  library: { shape: "square", color: OKABE_ITO.blue },
  cultural_centre: { shape: "diamond", color: OKABE_ITO.purple },
  school: { shape: "triangle", color: OKABE_ITO.orange },
  college: { shape: "pentagon", color: OKABE_ITO.sky },
  university: { shape: "star", color: OKABE_ITO.yellow },
};
const FALLBACK = { shape: "circle", color: "#767676" };
const LIGHT = new Set([OKABE_ITO.orange, OKABE_ITO.sky, OKABE_ITO.yellow, OKABE_ITO.purple]);

/** The icon description of a category key (unknown keys get a grey circle). */
export function categoryIcon(key) {
  return CATEGORY_ICONS[key] || FALLBACK;
}

/**
 * The category's icon as an <svg> element, decorative (aria-hidden): the category's name is
 * always written beside it or in the marker's tooltip.
 *
 * @param {string} key  category key
 * @param {number} size  pixels
 */
export function iconSvg(key, size = 24) {
  const { shape, color } = categoryIcon(key);
  const svg = document.createElementNS(SVG_NS, "svg");
  svg.setAttribute("viewBox", "0 0 24 24");
  svg.setAttribute("width", String(size));
  svg.setAttribute("height", String(size));
  svg.setAttribute("aria-hidden", "true");
  svg.setAttribute("focusable", "false");
  svg.setAttribute("class", `cat-icon cat-${shape}`);
  const path = document.createElementNS(SVG_NS, "path");
  path.setAttribute("d", SHAPES[shape]);
  path.setAttribute("fill", color);
  path.setAttribute("stroke", LIGHT.has(color) ? "#000" : "#fff");
  path.setAttribute("stroke-width", "1.6");
  path.setAttribute("stroke-linejoin", "round");
  svg.append(path);
  return svg;
}

/** Put each category's icon into the `[data-icon]` placeholders under root. */
export function paintIcons(root = document) {
  for (const holder of root.querySelectorAll("[data-icon]")) {
    holder.replaceChildren(iconSvg(holder.dataset.icon, Number(holder.dataset.size) || 22));
  }
}

/**
 * A Leaflet divIcon showing the category's icon; `state` ("in", "out", "selected" or "") becomes
 * a class so CSS can make sites inside the walking area stand out and those outside fade.
 */
export function markerIcon(key, state = "") {
  const holder = document.createElement("div");
  holder.append(iconSvg(key, 26));
  return L.divIcon({
    html: holder, className: `site-marker ${state}`.trim(), iconSize: [30, 30], iconAnchor: [15, 15],
  });
}
