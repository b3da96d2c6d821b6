// The incident map: the Syria outline and governorate labels (bundled), then the filtered
// incidents, read from the map element's data-map attribute. Data never goes into a script, and
// every label is set as text, never parsed as HTML (the page's CSP forbids inline script too).
// Above 2,000 points markers are clustered (chunked loading), so 30,000 incidents stay
// responsive. Tiles only when a tile server is configured.
(function () {
  "use strict";
  var el = document.getElementById("map");
  var data = JSON.parse(el.getAttribute("data-map"));
  function text(tag, value) {
    var node = document.createElement(tag);
    node.textContent = value;
    return node;
  }
  Array.prototype.forEach.call(document.querySelectorAll(".swatch[data-colour]"), function (s) {
    s.style.background = s.getAttribute("data-colour");
  });
  // maxZoom is set here, not only by a tile layer: without tiles (the default) the cluster
  // plugin otherwise throws "Map has no maxZoom specified" and no incident is drawn.
  var map = L.map("map", { preferCanvas: data.clustered, maxZoom: 18 }).setView([35.0, 38.5], 7);
  if (data.tiles) {
    L.tileLayer(data.tiles, { maxZoom: 18, attribution: "Map tiles: configured tile server" }).addTo(map);
  }
  fetch("/static/vendor/world-atlas/syria-10m.geojson").then(function (r) { return r.json(); })
    .then(function (g) {
      var layer = L.geoJSON(g, { interactive: false, style: { color: "#555", weight: 1.5, fillColor: "#fbfbf7", fillOpacity: 1 } });
      layer.addTo(map); layer.bringToBack();
    }).catch(function () { /* the markers still show without the outline */ });
  data.governorates.forEach(function (g) {
    L.marker([g.lat, g.lon], {
      icon: L.divIcon({ className: "gov-label", html: text("span", g.name), iconSize: [110, 14] }),
      interactive: false, keyboard: false
    }).addTo(map);
  });
  function open(id) { window.location.href = "/incidents/" + id; }
  var markers = data.points.map(function (p) {
    var m = L.circleMarker([p[1], p[2]], {
      radius: 6, color: "#000", weight: 1, fillColor: data.colours[p[3]] || "#999", fillOpacity: 0.9
    });
    m.bindTooltip(function () { return text("span", "#" + p[0] + " " + p[3] + " — " + p[5] + " (" + p[4] + ")"); });
    m.on("click", function () { open(p[0]); });
    return m;
  });
  var group;
  if (data.clustered) {
    group = L.markerClusterGroup({ chunkedLoading: true, showCoverageOnHover: false });
    group.addLayers(markers);
  } else {
    group = L.featureGroup(markers);
  }
  group.addTo(map);
  if (markers.length) { map.fitBounds(L.featureGroup(markers).getBounds().pad(0.1), { maxZoom: 9 }); }
  el.setAttribute("data-ready", String(markers.length));
}());
