// The incident map: the Syria outline and governorate labels (bundled), then the filtered
// incidents, read from the map element's data-map attribute. Data never goes into a script, and
// every label is set as text, never parsed as HTML (the page's CSP forbids inline script too).
// Above 2,000 points markers are clustered (chunked loading), so 30,000 incidents stay
// responsive. Tiles only when a tile server is configured.
// Zones and lines in force on the "Zones on" day come from data-zones; changing that control
// fetches /map/zones.json for the new day and redraws them (and their list) in place. Incidents
// are coloured by type or by their side of the zones in force on their own day.
(function () {
  "use strict";
  var el = document.getElementById("map");
  var data = JSON.parse(el.getAttribute("data-map"));
  var zoneData = JSON.parse(el.getAttribute("data-zones") || '{"zones":[]}');
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
  map.createPane("outline").style.zIndex = 350;
  fetch("/static/vendor/world-atlas/syria-10m.geojson").then(function (r) { return r.json(); })
    .then(function (g) {
      // Its own pane below the zones: an opaque country fill above them would hide them.
      var layer = L.geoJSON(g, { interactive: false, pane: "outline", renderer: L.svg({ pane: "outline" }), style: { color: "#555", weight: 1.5, fillColor: "#fbfbf7", fillOpacity: 1 } });
      layer.addTo(map); layer.bringToBack();
    }).catch(function () { /* the markers still show without the outline */ });
  data.governorates.forEach(function (g) {
    L.marker([g.lat, g.lon], {
      icon: L.divIcon({ className: "gov-label", html: text("span", g.name), iconSize: [110, 14] }),
      interactive: false, keyboard: false
    }).addTo(map);
  });
  // Zones below the incidents: their own pane and renderer, above the country outline.
  map.createPane("zones").style.zIndex = 390;
  var zoneRenderer = L.svg({ pane: "zones" });
  var zoneLayer = L.layerGroup().addTo(map);
  var sideWords = { "in": "inside a zone", "out": "outside the zones", "none": "no zone in force" };
  function zoneLabel(z) {
    var words = z.name + " (" + z.kind_label + (z.distance_km !== null ? ", " + z.distance_km + " km" : "") +
      "; " + z.truce + "; from " + z.effective + (z.until ? " until " + z.until : "") + ")";
    return z.approximate ? words + " — approximate: " + z.method + ". " + z.uncertainty : words;
  }
  function drawZones(zd) {
    zoneLayer.clearLayers();
    zd.zones.forEach(function (z) {
      var layer = L.geoJSON(z.geometry, {
        renderer: zoneRenderer, pane: "zones",
        style: {
          className: "zone zone-" + z.kind, color: z.colour, weight: z.line ? 3 : 2,
          dashArray: z.approximate || z.kind === "withdrawal_line" ? "6 4" : null,
          fillColor: z.colour, fillOpacity: z.line ? 0 : (z.kind === "buffer" ? 0.2 : 0.1)
        }
      });
      layer.bindTooltip(function () { return text("span", zoneLabel(z)); }, { sticky: true });
      zoneLayer.addLayer(layer);
    });
    var list = document.getElementById("zone-list");
    if (list) {
      list.textContent = "";
      zd.zones.forEach(function (z) {
        var li = document.createElement("li");
        var sw = document.createElement("span");
        sw.className = "swatch zone-swatch";
        sw.style.background = z.colour;
        li.appendChild(sw);
        li.appendChild(text("strong", z.name));
        li.appendChild(document.createTextNode(zoneLabel(z).slice(z.name.length)));
        list.appendChild(li);
      });
      if (!zd.zones.length) { list.appendChild(text("li", "No zones or lines in force on this day.")); }
    }
    var on = document.getElementById("zones-on");
    if (on) { on.textContent = zd.on; }
    el.setAttribute("data-zones", JSON.stringify(zd));
    el.setAttribute("data-zones-on", zd.on);
    el.setAttribute("data-zones-drawn", String(zd.zones.length));
  }
  drawZones(zoneData);
  function open(id) { window.location.href = "/incidents/" + id; }
  var colourBy = data.colourBy || "type";
  function fill(p) {
    return colourBy === "zone" ? (data.sides[p[6]] || data.sides.none) : (data.colours[p[3]] || "#999");
  }
  var markers = data.points.map(function (p) {
    var m = L.circleMarker([p[1], p[2]], {
      radius: 6, color: "#000", weight: 1, fillColor: fill(p), fillOpacity: 0.9,
      className: "incident incident-" + p[0] + (p.length > 6 ? " side-" + p[6] : "")
    });
    m.bindTooltip(function () {
      return text("span", "#" + p[0] + " " + p[3] + " — " + p[5] + " (" + p[4] +
        (p.length > 6 ? "; " + sideWords[p[6]] : "") + ")");
    });
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
  // The view holds the incidents and the zones drawn at first (a later day's zones keep it).
  var shown = markers.concat(zoneLayer.getLayers());
  if (shown.length) {
    map.fitBounds(L.featureGroup(shown).getBounds().pad(0.1), { maxZoom: 9, animate: false });
  }
  function recolour() {
    markers.forEach(function (m, i) { m.setStyle({ fillColor: fill(data.points[i]) }); });
    document.getElementById("legend-type").hidden = colourBy !== "type";
    document.getElementById("legend-zone").hidden = colourBy !== "zone";
  }
  var by = document.getElementById("colour_by");
  if (by) {
    by.addEventListener("change", function () { colourBy = by.value; recolour(); });
  }
  var day = document.getElementById("on");
  var truce = document.getElementById("truce");
  if (truce) {
    // The sides of the incidents depend on whose zones: that is the server's work.
    truce.addEventListener("change", function () { truce.form.requestSubmit(); });
  }
  if (day) {
    day.addEventListener("change", function () {
      if (!day.value) { return; }
      var q = "on=" + encodeURIComponent(day.value) + (truce && truce.value ? "&truce=" + encodeURIComponent(truce.value) : "");
      el.setAttribute("aria-busy", "true");
      fetch("/map/zones.json?" + q, { credentials: "same-origin" })
        .then(function (r) { if (!r.ok) { throw new Error(String(r.status)); } return r.json(); })
        .then(function (zd) {
          drawZones(zd);
          var url = new URL(window.location.href);
          url.searchParams.set("on", zd.on);
          window.history.replaceState(null, "", url.toString());
        })
        .catch(function () { day.form.requestSubmit(); })
        .then(function () { el.removeAttribute("aria-busy"); });
    });
  }
  el.setAttribute("data-ready", String(markers.length));
}());
