/* learning-map offline map: reads the page's JSON data block and draws it with Leaflet.
   Text from data files reaches the page only through textContent, never as HTML. */
(function () {
  "use strict";
  const data = JSON.parse(document.getElementById("lm-data").textContent);
  const [west, south, east, north] = data.bounds;
  const map = L.map("map", { preferCanvas: true, zoomControl: true });
  window.learningMap = map;
  map.fitBounds([[south, west], [north, east]]);
  L.control.scale({ imperial: false }).addTo(map);
  map.attributionControl.setPrefix(false);

  function attributionNode(text, url) {
    const a = document.createElement("a");
    a.href = url;
    a.textContent = text;
    const wrap = document.createElement("span");
    wrap.appendChild(a);
    return wrap.innerHTML; // escaped by the DOM: Leaflet's attribution control takes HTML
  }
  map.attributionControl.addAttribution(attributionNode(data.attribution, data.attribution_url));

  for (const swatch of document.querySelectorAll("#legend .swatch")) {
    swatch.style.background = swatch.dataset.color;
  }
  if (data.tiles) {
    const text = document.createElement("span");
    text.textContent = data.tiles_attribution;
    L.tileLayer(data.tiles, { attribution: text.innerHTML, maxZoom: 19 }).addTo(map);
  } else if (data.streets) {
    L.geoJSON(data.streets, { interactive: false, style: { color: "#9a9a9a", weight: 1, opacity: 0.8 } }).addTo(map);
  }

  function line(label, value) {
    const p = document.createElement("p");
    const b = document.createElement("b");
    b.textContent = label + ": ";
    p.appendChild(b);
    p.appendChild(document.createTextNode(value));
    return p;
  }
  function popup(site, category) {
    const box = document.createElement("div");
    box.className = "lm-popup";
    const h = document.createElement("h3");
    h.textContent = site.name || (category.zh + " / " + category.en);
    box.appendChild(h);
    box.appendChild(line("类别 Category", category.zh + " / " + category.en));
    if (site.address) box.appendChild(line("地址 Address", site.address));
    if (site.phone) box.appendChild(line("电话 Phone", site.phone));
    if (site.opening_hours) box.appendChild(line("开放时间 Hours", site.opening_hours));
    if (site.description) box.appendChild(line("服务内容 Offers", site.description));
    if (site.website) {
      const p = line("网站 Website", "");
      if (/^https?:\/\//i.test(site.website)) {
        const a = document.createElement("a");
        a.href = site.website;
        a.rel = "noopener noreferrer";
        a.target = "_blank";
        a.textContent = site.website;
        p.appendChild(a);
      } else {
        p.appendChild(document.createTextNode(site.website));
      }
      box.appendChild(p);
    }
    return box;
  }

  const overlays = {};
  data.categories.forEach((category, index) => {
    const layer = L.layerGroup();
    for (const area of category.areas) {
      L.geoJSON(area.geometry, {
        interactive: false,
        style: { color: category.color, weight: 1, fillColor: category.color, fillOpacity: 0.15 },
      }).addTo(layer);
    }
    for (const site of category.sites) {
      const marker = L.circleMarker([site.lat, site.lon], {
        radius: 7, weight: 2, color: "#fff", fillColor: category.color, fillOpacity: 0.9,
      });
      marker.bindPopup(() => popup(site, category));
      const tip = document.createElement("span");
      tip.textContent = site.name || category.zh;
      marker.bindTooltip(tip);
      marker.addTo(layer);
    }
    // One category's areas at a time read clearly; the others are in the layer control.
    if (index === 0) layer.addTo(map);
    const label = document.createElement("span");
    label.textContent = category.zh + " / " + category.en;
    overlays[label.innerHTML] = layer;
  });
  L.control.layers(null, overlays, { collapsed: true }).addTo(map);
  document.body.dataset.ready = "1";
})();
