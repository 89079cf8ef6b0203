/* Learning sites: their details as DOM text, their markers, the result list, and the citizen
   page's site layer, which draws one set of markers at a time. */

import { isSuperseded } from "./api.js";
import { detailLine, el, linkOrText, safeColor } from "./dom.js";

/** Marker options; `lmSite` marks site markers so they can be counted. */
const MARKER = { radius: 8, color: "#fff", weight: 2, fillOpacity: 0.95, lmSite: true };

/** A tooltip: the site's name in bold, its category below. */
export function siteTooltip(name, category) {
  const tip = el("div");
  tip.append(el("strong", name), el("br"), el("span", category));
  return tip;
}

/** A circle marker in the category's colour with a text-only tooltip. */
export function siteMarker(lat, lon, color, tooltip) {
  const marker = L.circleMarker([lat, lon], { ...MARKER, fillColor: safeColor(color) });
  marker.bindTooltip(tooltip);
  return marker;
}

/**
 * The detail lines of a site (offers, address, phone, hours, website), as text.
 *
 * @param {object} site  API properties or an offline-map record (same field names)
 * @param {(key: string) => string} label  the label for offers/address/phone/hours/website
 */
export function siteDetails(site, label) {
  const lines = [];
  if (site.description) lines.push(detailLine(label("offers"), site.description));
  if (site.address) lines.push(detailLine(label("address"), site.address));
  if (site.phone) lines.push(detailLine(label("phone"), site.phone));
  if (site.opening_hours) lines.push(detailLine(label("hours"), site.opening_hours));
  if (site.website) lines.push(detailLine(label("website"), linkOrText(site.website)));
  return lines;
}

/**
 * One entry of the reachable list.
 *
 * @param {object} p  feature properties from /api/reachable
 * @param {(key: string) => any} t  translations in the current language
 * @param {string} category  the category label in the current language
 * @param {(siteId: string) => void} onRoute
 */
export function siteListItem(p, t, category, onRoute) {
  const li = el("li");
  li.dataset.siteId = p.site_id;
  li.append(
    el("strong", p.name),
    el("div", category, "details"),
    el("div", t("walk")(p.walk_minutes, Math.round(p.walk_m)), "walk"),
    ...siteDetails(p, t),
  );
  const button = el("button", t("route"), "route-button");
  button.type = "button";
  button.addEventListener("click", () => onRoute(p.site_id));
  li.append(button);
  return li;
}

/**
 * The citizen page's site markers from /api/sites. Only the latest drawing request is drawn,
 * and the old markers are removed in the same step the new ones are added, so overlapping
 * calls never leave two sets.
 *
 * @param {L.Map} map
 * @param {{get: Function, cancel: Function}} api
 * @param {(props: object) => string} categoryOf  the category label in the current language
 * @param {(err: Error) => void} onError
 */
export function createSiteLayer(map, api, categoryOf, onError) {
  const layer = L.layerGroup().addTo(map);
  let features = [];

  function render() {
    layer.clearLayers();
    for (const f of features) {
      const [lon, lat] = f.geometry.coordinates;
      siteMarker(lat, lon, f.properties.color, siteTooltip(f.properties.name, categoryOf(f.properties)))
        .addTo(layer);
    }
  }

  async function draw(cats) {
    if (!cats.length) {
      api.cancel("sites");
      features = [];
      render();
      return;
    }
    try {
      const data = await api.get("/api/sites", { category: cats.join(",") }, "sites");
      features = data.features;
      render();
    } catch (err) {
      if (!isSuperseded(err)) onError(err);
    }
  }

  return { draw, relabel: render, layer };
}
