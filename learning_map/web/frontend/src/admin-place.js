/* The admin's placing page (/admin/upload/TOKEN/place/LINE): one registry row that no method
   placed, on the city's map. A click (or Enter on the map: the cross in its middle) puts the
   row's marker there and its coordinates in the form; the marker can be dragged, and typed
   coordinates move it. The methods' suggestions are numbered markers; choosing one (click, or
   Enter on the focused marker) takes its point. Saving is the page's plain form (POST, CSRF):
   the page works without this script too. Names reach the page as text only. */
import { byId, el } from "./dom.js";
import { gettext } from "./catalogue.js";
import { fill } from "./i18n.js";
import { addBackground, createMap } from "./map.js";

const cfg = JSON.parse(byId("place-config").textContent);
const lang = document.documentElement.lang || "en";
const lonInput = byId("place-lon");
const latInput = byId("place-lat");
const status = byId("place-status");

const map = createMap("place-map", cfg.bounds, [
  { text: cfg.osmAttribution, url: cfg.osmAttributionUrl },
  { text: cfg.tilesAttribution },
]);
if (cfg.focus) {
  const [west, south, east, north] = cfg.focus;
  map.fitBounds([[south, west], [north, east]], { maxZoom: 17 });
}
addBackground(map, { tilesUrl: cfg.tilesUrl, basemap: cfg.basemapUrl, lang });

/** A marker's face: a round badge with a number, or the row's pin (text only, no HTML strings). */
function badge(text, className) {
  return L.divIcon({ html: el("span", text), className, iconSize: [30, 30], iconAnchor: [15, 15] });
}

let marker = null;

/** Put the row's marker (and the form's coordinates) at `latlng`; says so in the status line. */
function setPoint(latlng, said) {
  const lon = latlng.lng.toFixed(7);
  const lat = latlng.lat.toFixed(7);
  lonInput.value = lon;
  latInput.value = lat;
  if (!marker) {
    marker = L.marker(latlng, {
      draggable: true, keyboard: true, icon: badge("+", "place-pin"),
      title: gettext("The row's place (drag to move)", lang),
      alt: gettext("The row's place (drag to move)", lang),
    }).addTo(map);
    marker.on("dragend", () => setPoint(marker.getLatLng(), gettext("Moved to {lon}, {lat}; save to keep it", lang)));
  } else {
    marker.setLatLng(latlng);
  }
  status.textContent = fill(said || gettext("Placed at {lon}, {lat}; save to keep it", lang), { lon, lat }, lang);
}

// A flagged suggestion (outside the row's district or the city) is drawn dashed, as the list says in words.
cfg.suggestions.forEach((s) => {
  const label = fill(gettext("Suggestion {n}: {name}", lang), { n: s.number, name: s.matched || "—" }, lang);
  const take = () => setPoint(L.latLng(s.lat, s.lon),
    fill(gettext("Suggestion {n} taken: {lon}, {lat}; save to keep it", lang), { n: s.number }, lang));
  const className = s.flag ? "place-suggestion flagged" : "place-suggestion";
  L.marker([s.lat, s.lon], { keyboard: true, icon: badge(String(s.number), className), title: label, alt: label })
    .addTo(map)
    .on("click", take)
    // Leaflet's focusable marker turns no key into a click: Enter or Space on it takes the point.
    .on("keydown", (e) => {
      if (e.originalEvent.key !== "Enter" && e.originalEvent.key !== " ") return;
      e.originalEvent.preventDefault();
      take();
    });
});
if (cfg.point) setPoint(L.latLng(cfg.point[1], cfg.point[0]), gettext("Placed by hand at {lon}, {lat}", lang));
else status.textContent = "";

map.on("click", (e) => setPoint(e.latlng));
// Enter on the focused map places the row at the cross in its middle (the arrow keys move the map).
map.getContainer().addEventListener("keydown", (e) => {
  if (e.key === "Enter" && e.target === map.getContainer()) {
    e.preventDefault();
    setPoint(map.getCenter());
  }
});
const centre = byId("place-centre");
centre.hidden = false;
centre.addEventListener("click", () => setPoint(map.getCenter()));

/** Typed coordinates move the marker (the server checks them again when saved). */
function typed() {
  const lon = Number(lonInput.value.trim());
  const lat = Number(latInput.value.trim());
  if (lonInput.value.trim() && latInput.value.trim() && Number.isFinite(lon) && Number.isFinite(lat)
      && Math.abs(lon) <= 180 && Math.abs(lat) <= 90) {
    setPoint(L.latLng(lat, lon));
    map.panTo([lat, lon]);
  }
}
lonInput.addEventListener("change", typed);
latInput.addEventListener("change", typed);
