/* The offline basemap: the bundle's vector tiles (basemap.pmtiles, made by `learning-map build`
   from the city's OSM extract) drawn by protomaps-leaflet on canvas. Labels use the fonts
   installed on the reader's device (Noto CJK, PingFang, YaHei...): nothing is downloaded. */

import { FileSource, PMTiles } from "pmtiles";
import {
  CenteredTextSymbolizer, LineLabelPlacement, LineLabelSymbolizer, LineSymbolizer,
  PolygonSymbolizer, leafletLayer,
} from "protomaps-leaflet";

/* A calm city palette: light land, blue water, soft green parks, white streets with a grey
   casing, yellow main roads, grey buildings; dark text with a white halo. */
export const COLORS = {
  land: "#f4f1ea",
  water: "#a8d0ea",
  waterLabel: "#2f6690",
  park: "#c8e6b5",
  wood: "#b4d89f",
  grass: "#d4ebc3",
  pitch: "#bde3b0",
  beach: "#f3e8c0",
  cemetery: "#d5e2cc",
  building: "#dcd8d0",
  buildingEdge: "#c9c3b8",
  casing: "#cbc3b5",
  street: "#ffffff",
  major: "#fbd27a",
  majorCasing: "#d8a640",
  path: "#a99f90",
  label: "#34312c",
  placeLabel: "#4a4540",
  parkLabel: "#2e6b2a",
  halo: "#ffffff",
};

// Simplified Chinese first for SC text, then the traditional and Hong Kong faces (Macau's
// names are traditional), then the platforms' own CJK fonts.
export const FONT_STACK = '"Noto Sans CJK SC", "Noto Sans CJK TC", "Noto Sans CJK HK", '
  + '"Source Han Sans SC", "PingFang SC", "Hiragino Sans GB", "Microsoft YaHei", "Noto Sans", sans-serif';

// The archive's last zoom at most (`build` writes to 15); closer zooms magnify it.
const MAX_DATA_ZOOM = 15;

/**
 * The zoom whose tiles are magnified for closer zooms: the archive's own last zoom, which is
 * earlier for a big city (`build --basemap-max-zoom`) or a single-file map that dropped zooms.
 *
 * @param {{maxZoom: number}} header  the PMTiles header
 * @returns {number}
 */
export function dataZoomOf(header) {
  return Math.min(MAX_DATA_ZOOM, header.maxZoom);
}

/**
 * Which name fields a label tries, in order, for a page language ("zh", "zh-Hans", "zh-Hant", "en",
 * "pt"). A Chinese page shows the name the build stored in its script (name_zh_hans /
 * name_zh_hant, learning_map.city.scripts); the tags after it are for archives built before.
 */
export function nameKeys(lang) {
  if (lang === "zh-Hans") return ["name_zh_hans", "name:zh-Hans", "name:zh", "name"];
  if (lang === "zh-Hant") return ["name_zh_hant", "name:zh-Hant", "name:zh", "name"];
  if (lang === "pt") return ["name:pt", "name:en", "name"];
  if (lang && lang.startsWith("zh")) return ["name:zh", "name"];
  return ["name:en", "name:pt", "name"];
}

/** Zoom-dependent width: [[zoom, px], ...] linearly between stops. */
function widths(stops) {
  return (z) => {
    if (z <= stops[0][0]) return stops[0][1];
    for (let i = 1; i < stops.length; i++) {
      const [z1, w1] = stops[i];
      const [z0, w0] = stops[i - 1];
      if (z <= z1) return w0 + ((w1 - w0) * (z - z0)) / (z1 - z0);
    }
    return stops[stops.length - 1][1];
  };
}

const ROAD_WIDTHS = {
  major: widths([[10, 1.2], [13, 3], [15, 7], [18, 20]]),
  medium: widths([[11, 0.8], [13, 2.2], [15, 5], [18, 16]]),
  minor: widths([[13, 0.8], [15, 3], [18, 11]]),
  service: widths([[14, 0.6], [16, 2], [18, 6]]),
  path: widths([[15, 0.7], [18, 2]]),
};
const kindIs = (...kinds) => (z, f) => kinds.includes(f.props.kind);

function roadRules() {
  const rules = [];
  const casing = (kind, color, minzoom) => rules.push({
    dataLayer: "roads", minzoom, filter: kindIs(kind),
    symbolizer: new LineSymbolizer({ color, width: (z) => ROAD_WIDTHS[kind](z) + (z >= 15 ? 2 : 1), lineCap: "round", lineJoin: "round" }),
  });
  const fill = (kind, color) => rules.push({
    dataLayer: "roads", filter: kindIs(kind),
    symbolizer: new LineSymbolizer({ color, width: ROAD_WIDTHS[kind], lineCap: "round", lineJoin: "round" }),
  });
  rules.push({
    dataLayer: "roads", filter: kindIs("path"),
    symbolizer: new LineSymbolizer({ color: COLORS.path, width: ROAD_WIDTHS.path, dash: [2, 2], dashColor: COLORS.path, dashWidth: ROAD_WIDTHS.path }),
  });
  casing("service", COLORS.casing, 15);
  casing("minor", COLORS.casing, 14);
  casing("medium", COLORS.casing, 13);
  casing("major", COLORS.majorCasing, 12);
  fill("service", COLORS.street);
  fill("minor", COLORS.street);
  fill("medium", COLORS.street);
  fill("major", COLORS.major);
  return rules;
}

function paintRules() {
  const area = (kind, fill) => ({
    dataLayer: "landcover", filter: kindIs(kind), symbolizer: new PolygonSymbolizer({ fill }),
  });
  return [
    area("wood", COLORS.wood), area("grass", COLORS.grass), area("park", COLORS.park),
    area("pitch", COLORS.pitch), area("beach", COLORS.beach), area("cemetery", COLORS.cemetery),
    { dataLayer: "water", symbolizer: new PolygonSymbolizer({ fill: COLORS.water }) },
    {
      dataLayer: "waterway",
      symbolizer: new LineSymbolizer({ color: COLORS.water, width: widths([[10, 1], [15, 3], [18, 8]]) }),
    },
    {
      dataLayer: "buildings",
      symbolizer: new PolygonSymbolizer({ fill: COLORS.building, stroke: COLORS.buildingEdge, width: 0.5 }),
    },
    ...roadRules(),
  ];
}

const PLACE_SIZE = { city: 17, town: 16, island: 15, suburb: 15, quarter: 14, village: 13 };

/** The name a label shows: the first of nameKeys(lang) the feature has. */
export function labelText(props, lang) {
  const key = nameKeys(lang).find((k) => typeof props[k] === "string" && props[k]);
  return key ? props[key] : null;
}

/**
 * A label symbolizer that marks what it places with {layer, text}, so the labels that survive
 * collisions can be listed (basemap.placedLabels(): tests and the browser console).
 */
class MarkedLabels {
  constructor(layerName, inner, language) {
    this.layerName = layerName;
    this.inner = inner;
    this.language = language;
  }

  place(layout, geom, feature) {
    const placed = this.inner.place(layout, geom, feature);
    if (placed) {
      const mark = { layer: this.layerName, text: labelText(feature.props, this.language.lang) };
      for (const label of placed) label.draw.lmLabel = mark;
    }
    return placed;
  }
}

function labelRules(language) {
  const labelProps = () => nameKeys(language.lang);
  return rawLabelRules(labelProps).map((rule) => ({
    ...rule, symbolizer: new MarkedLabels(rule.mark || rule.dataLayer, rule.symbolizer, language),
  }));
}

function rawLabelRules(labelProps) {
  return [
    {
      dataLayer: "places", filter: (z, f) => f.props.kind !== "park" && f.props.kind !== "water",
      symbolizer: new CenteredTextSymbolizer({
        labelProps, fontFamily: FONT_STACK, fontWeight: 600,
        fontSize: (z, f) => PLACE_SIZE[f.props.kind] || 13,
        fill: COLORS.placeLabel, stroke: COLORS.halo, width: 3, maxLineChars: 14,
      }),
      sort: (a, b) => (PLACE_SIZE[b.kind] || 0) - (PLACE_SIZE[a.kind] || 0),
    },
    {
      dataLayer: "places", filter: kindIs("park"), mark: "parks",
      symbolizer: new CenteredTextSymbolizer({
        labelProps, fontFamily: FONT_STACK, fontSize: 12, fill: COLORS.parkLabel, stroke: COLORS.halo,
        width: 2.5, maxLineChars: 10,
      }),
    },
    {
      dataLayer: "places", filter: kindIs("water"), mark: "water",
      symbolizer: new CenteredTextSymbolizer({
        labelProps, fontFamily: FONT_STACK, fontSize: 12, fontStyle: "italic", fill: COLORS.waterLabel,
        stroke: COLORS.halo, width: 2.5, maxLineChars: 10,
      }),
    },
    {
      dataLayer: "roads", minzoom: 14,
      filter: (z, f) => f.props.kind !== "path" || z >= 17,
      symbolizer: new LineLabelSymbolizer({
        labelProps, fontFamily: FONT_STACK, fontSize: 12, fill: COLORS.label,
        stroke: COLORS.halo, width: 3, position: LineLabelPlacement.Center, repeatDistance: 400,
      }),
    },
  ];
}

/**
 * The basemap layer for a Leaflet map.
 *
 * @param {string|Uint8Array} archive  the archive's URL (read with HTTP range requests), or its bytes
 * @param {string} lang  the page's language, for which names the labels show
 * @returns {L.GridLayer & {setLanguage(lang: string): void}}
 */
export function basemapLayer(archive, lang) {
  const url = typeof archive === "string"
    ? new PMTiles(archive)
    : new PMTiles(new FileSource(new File([archive], "basemap.pmtiles")));
  const language = { lang };
  const layer = leafletLayer({
    url,
    paintRules: paintRules(),
    labelRules: labelRules(language),
    backgroundColor: COLORS.land,
    maxDataZoom: MAX_DATA_ZOOM,
    maxZoom: 19,
    attribution: "", // OpenStreetMap is credited in the map's own attribution line
    lang,
  });
  layer.colors = COLORS;
  // Tiles past the archive's last zoom do not exist: draw those zooms from its last one.
  url.getHeader().then((header) => {
    const dataZoom = dataZoomOf(header);
    if (dataZoom >= MAX_DATA_ZOOM) return;
    for (const view of layer.views.values()) view.maxDataLevel = dataZoom;
    layer.clearLayout();
    layer.rerenderTiles();
  }).catch(() => {}); // an unreadable archive draws nothing, as before
  // The labels shown at the map's zoom, each {layer, text}: what the reader can see.
  layer.placedLabels = () => {
    const index = layer._map && layer.labelers.getIndex(Math.round(layer._map.getZoom()));
    if (!index) return [];
    return index.tree.all().map((entry) => entry.indexedLabel.draw.lmLabel).filter(Boolean);
  };
  layer.setLanguage = (next) => {
    if (next === language.lang) return;
    language.lang = next;
    layer.clearLayout();
    layer.rerenderTiles();
  };
  return layer;
}

/** Base64 (from the single-file map's JSON) to bytes. */
export function bytesFromBase64(text) {
  const raw = atob(text);
  const bytes = new Uint8Array(raw.length);
  for (let i = 0; i < raw.length; i++) bytes[i] = raw.charCodeAt(i);
  return bytes;
}
