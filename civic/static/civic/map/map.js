/*
 * Parvis map component (civic/templates/civic/includes/map.html, documented in docs/maps.md).
 * Enhances a list that already carries every point: without JavaScript the list alone is shown.
 * Uses the vendored Leaflet 1.9.4 (BSD-2-Clause, civic/static/civic/vendor/leaflet-1.9.4).
 *
 * A container [data-map] may have:
 *   data-map-list="ID"      the list whose [data-lat][data-lon] items become markers
 *                           (data-label, data-href: the marker's name and link);
 *   data-map-source="URL"   a GeoJSON endpoint asked again on each move with bbox= and zoom=;
 *                           features with properties.count > 1 are server-side clusters;
 *   data-map-outlines="URL" GeoJSON outlines drawn under the points;
 *   data-map-tiles, data-map-attribution: the tile server staff configured (none by default);
 *   data-map-center="lat,lon", data-map-zoom: the first view when there is no point;
 *   data-map-pick="PREFIX"  a form's point picker: fills #PREFIX-latitude and #PREFIX-longitude.
 */
(function () {
  "use strict";
  if (!window.L || window.parvisMap) { return; }
  var L = window.L;

  function text(container, name, fallback) {
    return container.getAttribute("data-map-text-" + name) || fallback;
  }

  function pointIcon(label, extraClass) {
    return L.divIcon({
      className: "map-marker" + (extraClass ? " " + extraClass : ""),
      html: "<span aria-hidden=\"true\"></span>",
      iconSize: [22, 22],
      iconAnchor: [11, 11],
      popupAnchor: [0, -10]
    });
  }

  function clusterIcon(count) {
    var size = count < 100 ? 34 : count < 1000 ? 42 : 50;
    var span = document.createElement("span");
    span.textContent = count;
    span.setAttribute("aria-hidden", "true");
    return L.divIcon({
      className: "map-cluster",
      html: span.outerHTML,
      iconSize: [size, size],
      iconAnchor: [size / 2, size / 2]
    });
  }

  // Markers are buttons for the keyboard (Leaflet sets tabindex and role): give each a name.
  function named(marker, label) {
    marker.on("add", function () {
      var element = marker.getElement();
      if (element) { element.setAttribute("aria-label", label); }
    });
    return marker;
  }

  function popupContent(label, href) {
    var wrapper = document.createElement("div");
    if (href) {
      var link = document.createElement("a");
      link.href = href;
      link.textContent = label;
      wrapper.appendChild(link);
    } else {
      wrapper.textContent = label;
    }
    return wrapper;
  }

  function addPoint(layer, lat, lon, label, href, extraClass) {
    var marker = L.marker([lat, lon], { icon: pointIcon(label, extraClass), keyboard: true, title: label });
    marker.bindPopup(popupContent(label, href));
    named(marker, label).addTo(layer);
    return marker;
  }

  function listPoints(container, layer) {
    var list = document.getElementById(container.getAttribute("data-map-list") || "");
    var bounds = [];
    if (!list) { return bounds; }
    list.querySelectorAll("[data-lat][data-lon]").forEach(function (item) {
      var lat = parseFloat(item.getAttribute("data-lat"));
      var lon = parseFloat(item.getAttribute("data-lon"));
      if (isNaN(lat) || isNaN(lon)) { return; }
      addPoint(layer, lat, lon, item.getAttribute("data-label") || item.textContent.trim(),
        item.getAttribute("data-href"), item.getAttribute("data-marker-class"));
      bounds.push([lat, lon]);
    });
    return bounds;
  }

  function sourcePoints(container, map, layer, url) {
    var pending = null;
    function refresh() {
      var b = map.getBounds();
      var query = "bbox=" + [b.getWest(), b.getSouth(), b.getEast(), b.getNorth()]
        .map(function (n) { return n.toFixed(5); }).join(",") + "&zoom=" + map.getZoom();
      if (pending) { pending.abort(); }
      pending = new AbortController();
      fetch(url + (url.indexOf("?") === -1 ? "?" : "&") + query, {
        signal: pending.signal, headers: { Accept: "application/geo+json" }
      }).then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          layer.clearLayers();
          data.features.forEach(function (feature) {
            var lon = feature.geometry.coordinates[0];
            var lat = feature.geometry.coordinates[1];
            var p = feature.properties;
            if (p.count > 1) {
              var label = text(container, "cluster", "%s points").replace("%s", p.count);
              var cluster = L.marker([lat, lon], { icon: clusterIcon(p.count), keyboard: true, title: label });
              cluster.on("click", function () {
                map.setView([lat, lon], Math.min(map.getZoom() + 2, 18));
              });
              named(cluster, label).addTo(layer);
            } else {
              addPoint(layer, lat, lon, p.label, p.url, p.marker_class);
            }
          });
        }).catch(function () { /* aborted by a newer move, or offline: the list stays */ });
    }
    map.on("moveend", refresh);
    refresh();
  }

  function picker(container, map, prefix) {
    var latInput = document.getElementById(prefix + "-latitude");
    var lonInput = document.getElementById(prefix + "-longitude");
    if (!latInput || !lonInput) { return; }
    var marker = null;
    function place(latlng, move) {
      latInput.value = latlng.lat.toFixed(6);
      lonInput.value = latlng.lng.toFixed(6);
      if (!marker) {
        marker = L.marker(latlng, { icon: pointIcon("", "map-marker--chosen"), draggable: true, keyboard: false });
        marker.on("dragend", function () { place(marker.getLatLng(), false); });
        marker.addTo(map);
      } else {
        marker.setLatLng(latlng);
      }
      if (move) { map.setView(latlng, Math.max(map.getZoom(), 16)); }
      latInput.dispatchEvent(new Event("change", { bubbles: true }));
    }
    var lat = parseFloat(latInput.value);
    var lon = parseFloat(lonInput.value);
    if (!isNaN(lat) && !isNaN(lon)) { place(L.latLng(lat, lon), true); }
    map.on("click", function (event) { place(event.latlng, false); });
    // Keyboard: move the map with the arrows, then place the point at its centre.
    var centre = document.createElement("button");
    centre.type = "button";
    centre.className = "button button--secondary";
    centre.textContent = text(container, "centre", "Placer le point au centre de la carte");
    centre.addEventListener("click", function () { place(map.getCenter(), false); });
    var tools = document.createElement("div");
    tools.className = "map-tools";
    tools.appendChild(centre);
    if (navigator.geolocation) {
      var locate = document.createElement("button");
      locate.type = "button";
      locate.className = "button button--secondary";
      locate.textContent = text(container, "locate", "Utiliser ma position");
      var status = document.createElement("p");
      status.setAttribute("role", "status");
      status.className = "map-status";
      locate.addEventListener("click", function () {
        status.textContent = text(container, "locating", "Recherche de votre position…");
        navigator.geolocation.getCurrentPosition(function (position) {
          place(L.latLng(position.coords.latitude, position.coords.longitude), true);
          status.textContent = text(container, "located", "Point placé à votre position.");
        }, function () {
          status.textContent = text(container, "unlocated", "Votre position n'a pas pu être obtenue : placez le point sur la carte ou saisissez l'adresse.");
        }, { enableHighAccuracy: true, timeout: 15000 });
      });
      tools.appendChild(locate);
      tools.appendChild(status);
    }
    container.parentNode.insertBefore(tools, container.nextSibling);
  }

  function setUp(container) {
    container.hidden = false;
    var center = (container.getAttribute("data-map-center") || "46.6,2.4").split(",").map(parseFloat);
    var map = L.map(container, { keyboard: true, zoomControl: false, attributionControl: true });
    L.control.zoom({
      zoomInTitle: text(container, "zoom-in", "Zoomer"),
      zoomOutTitle: text(container, "zoom-out", "Dézoomer")
    }).addTo(map);
    map.attributionControl.setPrefix(false);
    map.setView(center, parseInt(container.getAttribute("data-map-zoom") || "9", 10));
    var tiles = container.getAttribute("data-map-tiles");
    if (tiles) {
      L.tileLayer(tiles, { attribution: container.getAttribute("data-map-attribution") || "", maxZoom: 19 }).addTo(map);
    } else {
      container.classList.add("map--plain");
    }
    var outlines = container.getAttribute("data-map-outlines");
    if (outlines) {
      fetch(outlines).then(function (r) { return r.ok ? r.json() : null; }).then(function (data) {
        if (!data) { return; }
        L.geoJSON(data, {
          interactive: false,
          style: function (feature) {
            var dep = feature.properties.kind === "departement";
            return { color: dep ? "#4a3a6b" : "#8a86a0", weight: dep ? 2 : 0.7, fill: false };
          }
        }).addTo(map).bringToBack();
      }).catch(function () { /* outlines are a help, not a need */ });
    }
    var layer = L.layerGroup().addTo(map);
    var bounds = listPoints(container, layer);
    var source = container.getAttribute("data-map-source");
    if (source) {
      sourcePoints(container, map, layer, source);
    } else if (bounds.length) {
      map.fitBounds(bounds, { maxZoom: 16, padding: [20, 20] });
    }
    var pick = container.getAttribute("data-map-pick");
    if (pick) { picker(container, map, pick); }
    container.parvisMap = map;
  }

  window.parvisMap = { setUp: setUp };
  document.querySelectorAll("[data-map]").forEach(setUp);
})();
