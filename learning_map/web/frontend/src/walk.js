/* Humanities walks (人文行走) on the citizen page: the route line and numbered stops on the map,
   and the stops in walking order with each leg's minutes, from /api/walk. All text from the
   data goes through textContent. */

import { el } from "./dom.js";

const LINE = { color: "#6a3d9a", weight: 6, opacity: 0.9 };

/**
 * A stop's name in the language: the API's `names` in that script (stored at build time), else
 * its `name` (English: `name_en` when there is one); the generic label for an unnamed rest.
 */
export function stopName(stop, lang, t) {
  const stored = stop.names && stop.names[lang];
  const latin = lang === "en" || lang === "pt"; // Portuguese without a Portuguese name: the English one
  const name = stored || (latin && stop.name_en ? stop.name_en : stop.name);
  if (name) return name;
  return stop.kind === "rest" ? t("walk_rest_unnamed") : "";
}

/** The label on a stop's marker: sights count 1, 2, 3…; rests carry the rest mark (休 / R). */
export function stopLabels(stops, t) {
  let n = 0;
  return stops.map((s) => (s.kind === "rest" ? t("walk_rest_mark") : String(++n)));
}

/** A numbered circle as a Leaflet divIcon (built with the DOM). */
function numberIcon(label, kind) {
  const holder = document.createElement("div");
  holder.append(el("span", label));
  return L.divIcon({ html: holder, className: `walk-stop-icon walk-${kind}`, iconSize: [30, 30], iconAnchor: [15, 15] });
}

/**
 * The map layer of a walk: draw(plan) shows its line and numbered stops, clear() removes them.
 *
 * @param {L.Map} map
 */
export function createWalkLayer(map) {
  const layer = L.layerGroup().addTo(map);

  function draw(plan, lang, t) {
    layer.clearLayers();
    let bounds = null;
    if (plan.line && plan.line.geometry) {
      const line = L.geoJSON(plan.line, { interactive: false, style: LINE, lmWalk: true }).addTo(layer);
      bounds = line.getBounds();
    }
    const labels = stopLabels(plan.stops, t);
    plan.stops.forEach((stop, i) => {
      const marker = L.marker([stop.lat, stop.lon], {
        icon: numberIcon(labels[i], stop.kind), keyboard: false, lmWalkStop: true, zIndexOffset: 3000,
      });
      marker.bindTooltip(el("span", stopName(stop, lang, t)), { direction: "top", offset: [0, -14] });
      marker.addTo(layer);
      bounds = bounds ? bounds.extend(marker.getLatLng()) : L.latLngBounds([marker.getLatLng()]);
    });
    return bounds;
  }

  return { draw, clear: () => layer.clearLayers(), layer };
}

/**
 * The walk's stops as list items: number, name, kind and the leg that leads there (minutes at
 * adult and elderly pace), then the way back to the start.
 */
export function walkStopItems(plan, lang, t) {
  const labels = stopLabels(plan.stops, t);
  const items = plan.stops.map((stop, i) => {
    const li = el("li", null, `walk-stop walk-${stop.kind}`);
    li.dataset.kind = stop.kind;
    const badge = el("span", labels[i], "walk-number");
    badge.setAttribute("aria-hidden", "true");
    const body = el("div", null, "walk-body");
    body.append(el("strong", stopName(stop, lang, t), "walk-name"));
    if (stop.kind === "rest" && stop.name) body.append(el("span", t("walk_rest"), "walk-kind"));
    body.append(el("span", t("walk_leg")(stop.leg_minutes.adult, stop.leg_minutes.elderly), "walk-leg"));
    li.append(badge, body);
    return li;
  });
  if (plan.last_leg_m > 0) {
    const li = el("li", null, "walk-stop walk-end");
    const badge = el("span", "⌂", "walk-number");
    badge.setAttribute("aria-hidden", "true");
    const body = el("div", null, "walk-body");
    const back = plan.last_leg_minutes;
    body.append(el("strong", t("walk_back"), "walk-name"), el("span", t("walk_leg")(back.adult, back.elderly), "walk-leg"));
    li.append(badge, body);
    items.push(li);
  }
  return items;
}
