// tankersim report: draws the data embedded in #report-data (JSON written by tankersim report).
// Every text from the data reaches the page through textContent or esc(): names may hold quotes,
// '<' and '&'. The counts of what was drawn go into #report-stats's data- attributes, which the
// browser test reads.
(function () {
  'use strict';
  var data = JSON.parse(document.getElementById('report-data').textContent);
  var meta = data.meta;
  var stats = {};
  var PALETTE_C = ['#1f77b4', '#ff7f0e', '#2ca02c', '#9467bd', '#8c564b', '#17becf', '#e377c2', '#7f7f7f'];

  function esc(s) {
    return String(s).replace(/[&<>"']/g, function (c) {
      return { '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' }[c];
    });
  }
  function el(tag, className, text) {
    var e = document.createElement(tag);
    if (className) e.className = className;
    if (text !== undefined && text !== null) e.textContent = String(text);
    return e;
  }
  function utc(rel) {
    return new Date(Math.round(meta.t0_s + rel) * 1000).toISOString().replace('.000Z', 'Z');
  }
  function parseUtc(s) {
    var ms = Date.parse(s);
    return isNaN(ms) ? null : ms / 1000 - meta.t0_s;
  }
  var numeric = /^-?[0-9]+(\.[0-9]+)?$/;

  // A table of {columns, rows}; at most `limit` rows are shown (all are counted).
  function table(t, limit, keep) {
    var tb = el('table');
    var head = el('thead');
    var hr = el('tr');
    var cols = t.columns.map(function (c, i) { return i; }).filter(function (i) { return !keep || keep(i); });
    cols.forEach(function (i) { hr.appendChild(el('th', null, t.columns[i])); });
    head.appendChild(hr);
    tb.appendChild(head);
    var body = el('tbody');
    var shown = Math.min(t.rows.length, limit || t.rows.length);
    for (var r = 0; r < shown; ++r) {
      var tr = el('tr');
      cols.forEach(function (i) {
        var v = t.rows[r][i];
        tr.appendChild(el('td', numeric.test(v) ? 'num' : null, v));
      });
      body.appendChild(tr);
    }
    tb.appendChild(body);
    return { element: tb, shown: shown };
  }
  function placeTable(id, t, limit) {
    var box = document.getElementById(id);
    var made = table(t, limit);
    box.appendChild(made.element);
    if (made.shown < t.rows.length) {
      box.appendChild(el('p', 'hint', 'First ' + made.shown + ' of ' + t.rows.length + ' rows.'));
    }
    return made.shown;
  }

  document.getElementById('title').textContent = 'tankersim report: ' + meta.dir;
  var metaText = meta.kind === 'comparison' ? 'comparison over ' + data.runs + ' vessel runs' :
    data.vessels.length + ' vessels, ' + data.units.length + ' units, ' + data.events.rows.length + ' events';
  if (meta.scenario) metaText += '; zones and patrols of scenario ' + meta.scenario + ' (' + meta.scenario_file + ')';
  else if (meta.kind === 'run') metaText += '; no scenario given, so no zones or patrols (tankersim report --scenario FILE)';
  if (meta.thinned) metaText += '; tracks thinned to at most ' + meta.max_track_points + ' points';
  document.getElementById('meta').textContent = metaText;

  // ---- tables ---------------------------------------------------------------------------------
  var EVENT_ROWS = 5000;
  stats.eventRows = placeTable('events-table', data.events, EVENT_ROWS);
  stats.summaryRows = placeTable('summary-table', data.summary);
  placeTable('side-table', data.summary_by_side);

  if (meta.kind === 'comparison') {
    document.getElementById('map-section').hidden = true;
    document.getElementById('events-section').hidden = true;
    document.getElementById('summary-section').hidden = true;
    document.getElementById('charts-section').hidden = false;
    placeTable('comparison-table', data.comparison);
    stats.chartBars = drawCharts();
    finish();
    return;
  }

  // ---- the map --------------------------------------------------------------------------------
  var map = L.map('map', { worldCopyJump: false, zoomSnap: 0.25, preferCanvas: false });
  map.attributionControl.setPrefix(false);
  map.attributionControl.addAttribution('Leaflet | Natural Earth');
  // [lat, lon, dlat, dlon, ...] (differences from the pair before) -> [[lat, lon], ...] in degrees.
  function ring(flat, scale) {
    var pts = [];
    var lat = 0, lon = 0;
    for (var i = 0; i + 1 < flat.length; i += 2) {
      lat += flat[i];
      lon += flat[i + 1];
      pts.push([lat * scale, lon * scale]);
    }
    return pts;
  }
  var landRenderer = L.canvas({ padding: 0.5 });
  var land = L.layerGroup();
  data.land.forEach(function (polygon) {
    var rings = polygon.map(function (flat) { return ring(flat, 0.01); });
    L.polygon(rings, {
      renderer: landRenderer, interactive: false, stroke: true, weight: 0.5, color: '#8f8a78',
      fillColor: '#ebe6d6', fillOpacity: 1
    }).addTo(land);
  });
  stats.landPolygons = land.getLayers().length;

  var E4 = 1e-4;
  function latlngs(track) {
    var out = [];
    for (var i = 0; i < track.t.length; ++i) out.push([track.lat[i] * E4, track.lon[i] * E4]);
    return out;
  }
  // Where a track is at time t (seconds from t0), linearly between its samples; null outside it.
  function positionAt(track, t) {
    var ts = track.t;
    if (ts.length === 0 || t < ts[0] || t > ts[ts.length - 1]) return null;
    var lo = 0, hi = ts.length - 1;
    while (hi - lo > 1) {
      var mid = (lo + hi) >> 1;
      if (ts[mid] <= t) lo = mid; else hi = mid;
    }
    if (ts[hi] <= t) lo = hi;
    if (lo === ts.length - 1 || ts[lo + 1] === ts[lo]) return [track.lat[lo] * E4, track.lon[lo] * E4];
    var f = (t - ts[lo]) / (ts[lo + 1] - ts[lo]);
    return [(track.lat[lo] + f * (track.lat[lo + 1] - track.lat[lo])) * E4,
            (track.lon[lo] + f * (track.lon[lo + 1] - track.lon[lo])) * E4];
  }

  var PALETTE = ['#1f77b4', '#2ca02c', '#9467bd', '#8c564b', '#e377c2', '#17becf', '#bcbd22', '#ff7f0e',
                 '#7f7f7f', '#393b79', '#637939', '#843c39'];
  var SIDE_COLOURS = ['#d62728', '#1f3f99', '#ff7f0e', '#6a3d9a', '#b15928'];
  var sides = {};
  function sideColour(side) {
    if (!(side in sides)) sides[side] = SIDE_COLOURS[Object.keys(sides).length % SIDE_COLOURS.length];
    return sides[side];
  }
  var bounds = L.latLngBounds([]);

  // ---- zones and patrols ----------------------------------------------------------------------
  var ZONE_COLOURS = { polygon: '#c77c02', circle: '#c77c02', territorial_sea: '#0a7f5a', geojson: '#7a4bc2' };
  var zones = L.layerGroup();
  var zoneShapes = {};
  data.zones.forEach(function (z) {
    var colour = ZONE_COLOURS[z.kind] || '#c77c02';
    var style = { color: colour, weight: 1.5, dashArray: '6 4', fillColor: colour, fillOpacity: 0.08 };
    var shape;
    if (z.kind === 'circle') {
      shape = L.circle([z.lat, z.lon], L.extend({ radius: z.radius_m }, style));
    } else {
      shape = L.polygon(z.rings.map(function (flat) { return ring(flat, E4); }), style);
    }
    shape.bindTooltip(el('span', null, z.name + ' (' + z.kind + ')'), { sticky: true });
    zoneShapes[z.name] = shape;
    shape.addTo(zones);
  });
  stats.zones = zones.getLayers().length;

  var patrols = L.layerGroup();
  data.patrols.forEach(function (p) {
    var style = { color: sideColour(p.side), weight: 2, dashArray: '2 5', fill: false, interactive: true };
    var shape = null;
    if (p.kind === 'station') shape = L.circle([p.lat, p.lon], L.extend({ radius: p.radius_m }, style));
    else if (p.kind === 'area' && zoneShapes[p.zone] instanceof L.Circle) {
      shape = L.circle(zoneShapes[p.zone].getLatLng(), L.extend({ radius: zoneShapes[p.zone].getRadius() }, style));
    } else if (p.kind === 'area' && zoneShapes[p.zone]) shape = L.polygon(zoneShapes[p.zone].getLatLngs(), style);
    else if (p.kind === 'waypoints') shape = L.polygon(p.points, style);  // round and back to the first
    else if (p.points) shape = L.polyline(p.points, style);
    if (!shape) return;
    shape.bindTooltip(el('span', null, p.unit + ' (' + p.side + '): ' + p.kind + ' patrol'), { sticky: true });
    shape.addTo(patrols);
  });
  stats.patrols = patrols.getLayers().length;

  // ---- tracks and the agents on them ----------------------------------------------------------
  var vesselTracks = L.layerGroup(), vesselMarkers = L.layerGroup();
  var unitTracks = L.layerGroup(), unitMarkers = L.layerGroup();
  // Tracks, vessels and (in a big run) events on one canvas: a 2,000-vessel run as SVG and DOM
  // markers took headless Chromium over 40 s to paint, on canvas it is drawn in about a second.
  var trackRenderer = L.canvas({ padding: 0.3 });
  var MANY_EVENTS = 2000;
  var agents = [];
  var tMin = Infinity, tMax = -Infinity;
  var lines = {};
  data.vessels.forEach(function (v, i) {
    if (v.t.length === 0) return;
    var colour = PALETTE[i % PALETTE.length];
    var pts = latlngs(v);
    var line = L.polyline(pts, { renderer: trackRenderer, color: colour, weight: 2.5, opacity: 0.85 });
    line.bindTooltip(el('span', null, v.name), { sticky: true });
    line.on('click', function () { showVessel(v.name); });
    line.addTo(vesselTracks);
    lines[v.name] = line;
    pts.forEach(function (p) { bounds.extend(p); });
    var marker = L.circleMarker(pts[0], { renderer: trackRenderer, radius: 6, color: '#000', weight: 1.5, fillColor: colour,
                                          fillOpacity: 1 });
    marker.bindTooltip(el('span', null, v.name));
    marker.on('click', function () { showVessel(v.name); });
    agents.push({ kind: 'vessel', name: v.name, track: v, marker: marker, group: vesselMarkers });
    tMin = Math.min(tMin, v.t[0]);
    tMax = Math.max(tMax, v.t[v.t.length - 1]);
  });
  // Each unit's ranged sensors, as discs that the time slider moves with it.
  var sensorRanges = L.layerGroup();
  var sensorsOf = {};
  data.sensors.forEach(function (s) { (sensorsOf[s.unit] = sensorsOf[s.unit] || []).push(s); });
  data.units.forEach(function (u) {
    if (u.t.length === 0) return;
    var colour = sideColour(u.side);
    var pts = latlngs(u);
    var tip = el('span', null, u.name + ' (' + u.side + ', ' + u.kind + ')');
    if (u.kind === 'aircraft') {
      // An aircraft's rows are hours apart, and it flies a sortie between them: a line from row
      // to row would cross the sea where it never was. Its rows as dots instead.
      var dots = L.featureGroup();
      pts.forEach(function (p) {
        L.circleMarker(p, { renderer: trackRenderer, radius: 1.5, weight: 0, fillColor: colour, fillOpacity: 0.6 }).addTo(dots);
      });
      dots.bindTooltip(tip, { sticky: true }).addTo(unitTracks);
    } else {
      L.polyline(pts, { renderer: trackRenderer, color: colour, weight: 1, opacity: 0.45 })
        .bindTooltip(tip, { sticky: true })
        .addTo(unitTracks);
    }
    pts.forEach(function (p) { bounds.extend(p); });
    var shape = { ship: 'unit-ship', aircraft: 'unit-aircraft', station: 'unit-station' }[u.kind] || 'unit-station';
    var icon = L.divIcon({
      className: 'unit-icon', iconSize: [12, 12],
      html: '<span class="unit-shape ' + shape + '" style="background:' + colour + '"></span>'
    });
    var marker = L.marker(pts[0], { icon: icon, keyboard: false });
    marker.bindTooltip(el('span', null, u.name + ' (' + u.side + ')'));
    var rings = (sensorsOf[u.name] || []).map(function (s) {
      return L.circle(pts[0], { radius: s.range_m, color: colour, weight: 1, dashArray: s.kind === 'ais' ? '1 4' : '4 3',
                                fillColor: colour, fillOpacity: 0.04, interactive: false });
    });
    agents.push({ kind: 'unit', name: u.name, track: u, marker: marker, group: unitMarkers, rings: rings });
    tMin = Math.min(tMin, u.t[0]);
    tMax = Math.max(tMax, u.t[u.t.length - 1]);
  });
  stats.vesselTracks = vesselTracks.getLayers().length;
  stats.unitTracks = unitTracks.getLayers().length;
  stats.sensorRanges = agents.reduce(function (n, a) { return n + (a.rings ? a.rings.length : 0); }, 0);

  // ---- events ---------------------------------------------------------------------------------
  // One symbol and colour per kind (docs/output-files.md, events.csv); a kind not listed here
  // (a later version's) gets the last style with its own name in the legend.
  var EVENT_STYLES = {
    departed: ['▲', '#2a9d3a'], arrived: ['■', '#1f4fbf'], waypoint: ['•', '#6b7280'],
    loiter_start: ['◔', '#8a6d00'], loiter_end: ['◕', '#8a6d00'], speed_change: ['±', '#6b7280'],
    done: ['✓', '#0e8c9c'], detected: ['◉', '#e07b00'], lost_contact: ['○', '#e07b00'],
    intercepting: ['➤', '#d62728'], intercept_abandoned: ['✕', '#7f7f7f'], shadowed: ['◐', '#8e44ad'],
    warned: ['!', '#d62728'], complied: ['↓', '#8e44ad'], boarded: ['⚓', '#b00020'],
    boarding_failed: ['⊘', '#7f7f7f'], boarding_deterred: ['⊗', '#7f7f7f'], seized: ['✖', '#8b0000'],
    diverted: ['↪', '#b00020'], turned_back: ['↩', '#b00020'], escort_joined: ['⊕', '#0a7f5a'],
    reached_protected_waters: ['★', '#0a7f5a'], identified: ['?', '#d62728']
  };
  var OTHER_STYLE = ['◆', '#333'];
  var eventLayers = {};
  var eventCount = 0;
  var withPosition = data.events.rows.filter(function (r) { return r[4] !== '' && r[5] !== ''; }).length;
  // Beyond MANY_EVENTS markers the symbols become dots of the kind's colour on the canvas.
  var eventDots = withPosition > MANY_EVENTS;
  var kindsSeen = [];
  data.events.rows.forEach(function (r) {
    var kind = r[2];
    if (r[4] === '' || r[5] === '') return;
    var style = EVENT_STYLES[kind] || OTHER_STYLE;
    if (!eventLayers[kind]) {
      eventLayers[kind] = L.layerGroup();
      kindsSeen.push(kind);
    }
    var at = [parseFloat(r[4]), parseFloat(r[5])];
    var m;
    if (eventDots) {
      m = L.circleMarker(at, { renderer: trackRenderer, radius: 3.5, weight: 1, color: '#fff', fillColor: style[1],
                               fillOpacity: 1 });
    } else {
      m = L.marker(at, {
        keyboard: false, title: kind, icon: L.divIcon({
          className: 'ev-icon', iconSize: [16, 16],
          html: '<span class="ev" style="color:' + style[1] + '">' + esc(style[0]) + '</span>'
        })
      });
    }
    var pop = el('div');
    pop.appendChild(el('b', null, kind));
    pop.appendChild(el('div', null, r[0]));
    pop.appendChild(el('div', null, 'vessel: ' + r[1] + (r[3] ? '; by ' + r[3] : '')));
    if (r[6]) pop.appendChild(el('div', null, r[6]));
    m.bindPopup(pop);
    m.on('click', function () { showVessel(r[1]); });
    m.addTo(eventLayers[kind]);
    ++eventCount;
  });
  stats.events = eventCount;
  stats.eventKinds = kindsSeen.length;

  land.addTo(map);
  zones.addTo(map);
  patrols.addTo(map);
  sensorRanges.addTo(map);
  unitTracks.addTo(map);
  vesselTracks.addTo(map);
  kindsSeen.forEach(function (k) { eventLayers[k].addTo(map); });
  unitMarkers.addTo(map);
  vesselMarkers.addTo(map);

  var overlays = {};
  overlays['Land (Natural Earth)'] = land;
  overlays['Zones'] = zones;
  overlays['Patrols'] = patrols;
  overlays['Vessel tracks'] = vesselTracks;
  overlays['Vessels'] = vesselMarkers;
  overlays['Unit tracks'] = unitTracks;
  overlays['Units'] = unitMarkers;
  overlays['Sensor ranges'] = sensorRanges;
  kindsSeen.forEach(function (k) {
    var style = EVENT_STYLES[k] || OTHER_STYLE;
    overlays['<span class="ev" style="color:' + style[1] + '">' + esc(style[0]) + '</span> ' + esc(k)] = eventLayers[k];
  });
  L.control.layers(null, overlays, { collapsed: true, position: 'topright' }).addTo(map);
  L.control.scale({ imperial: false, metric: true }).addTo(map);

  // ---- the legend -----------------------------------------------------------------------------
  var legend = document.getElementById('legend');
  function legendRow(swatch, text) {
    var row = el('div', 'legend-row');
    row.appendChild(swatch);
    row.appendChild(el('span', null, text));
    legend.appendChild(row);
  }
  data.vessels.forEach(function (v, i) {
    var s = el('span', 'swatch');
    s.style.background = PALETTE[i % PALETTE.length];
    if (i < 12) legendRow(s, v.name);
  });
  if (data.vessels.length > 12) legend.appendChild(el('p', 'hint', '... and ' + (data.vessels.length - 12) + ' more vessels'));
  Object.keys(sides).forEach(function (side) {
    var s = el('span', 'swatch dashed');
    s.style.color = sideColour(side);
    legendRow(s, side + ': units, their tracks (thin) and patrols (dashed)');
  });
  if (stats.zones > 0) {
    var zs = el('span', 'swatch dashed');
    zs.style.color = ZONE_COLOURS.polygon;
    legendRow(zs, 'zones (territorial seas green)');
  }
  if (stats.sensorRanges > 0) {
    var ss = el('span', 'swatch dashed');
    ss.style.color = '#555';
    legendRow(ss, 'sensor ranges round each unit (radar dashed, AIS dotted); aircraft tracks as dots');
  }
  kindsSeen.forEach(function (k) {
    var style = EVENT_STYLES[k] || OTHER_STYLE;
    var s = el('span', 'ev', eventDots ? '●' : style[0]);
    s.style.color = style[1];
    legendRow(s, k);
  });
  stats.legendKinds = kindsSeen.length;

  // ---- the clicked vessel ---------------------------------------------------------------------
  var selected = null;
  function showVessel(name) {
    if (selected && lines[selected]) lines[selected].setStyle({ weight: 2.5 });
    selected = name;
    if (lines[name]) lines[name].setStyle({ weight: 5 });
    var box = document.getElementById('vessel-info');
    box.textContent = '';
    box.appendChild(el('h3', null, name));
    var sum = null;
    data.summary.rows.forEach(function (r) { if (r[0] === name) sum = r; });
    var dl = el('dl', 'voyage');
    function item(label, value) {
      if (value === undefined || value === null || value === '') return;
      dl.appendChild(el('dt', null, label));
      dl.appendChild(el('dd', null, value));
    }
    var evs = data.events.rows.filter(function (r) { return r[1] === name; });
    var route = [];
    evs.forEach(function (r) {
      if (r[2] === 'departed') route.push('departed ' + r[6]);
      if (r[2] === 'waypoint') route.push(r[6]);
      if (r[2] === 'arrived' || r[2] === 'diverted' || r[2] === 'turned_back') route.push(r[2] + ' ' + r[6]);
    });
    if (sum) {
      var c = data.summary.columns;
      item('fate', sum[c.indexOf('fate')] + (sum[c.indexOf('fate_by')] ? ' by ' + sum[c.indexOf('fate_by')] : '') +
        (sum[c.indexOf('fate_utc')] ? ' at ' + sum[c.indexOf('fate_utc')] : ''));
      item('departed', sum[c.indexOf('departed_utc')]);
      item('arrived', sum[c.indexOf('arrived_utc')] + (sum[c.indexOf('arrived_at')] ? ' at ' + sum[c.indexOf('arrived_at')] : ''));
      item('distance', sum[c.indexOf('distance_nm')] + ' nm');
      item('cargo', sum[c.indexOf('cargo_bbl')] + ' bbl, ' + sum[c.indexOf('cargo_value_usd')] + ' USD');
      item('delivered', sum[c.indexOf('delivered_usd')] + ' USD');
      item('seized', sum[c.indexOf('seized_usd')] + ' USD');
      item('voyage cost', sum[c.indexOf('voyage_cost_usd')] + ' USD');
    }
    item('route', route.join(' → '));
    box.appendChild(dl);
    box.appendChild(el('h3', null, 'Events (' + evs.length + ')'));
    box.appendChild(table({ columns: data.events.columns, rows: evs }, 200,
      function (i) { return i === 0 || i === 2 || i === 3 || i === 6; }).element);
    var led = data.ledger.rows.filter(function (r) { return r[1] === name; });
    box.appendChild(el('h3', null, 'Ledger (' + led.length + ' rows)'));
    box.appendChild(table({ columns: data.ledger.columns, rows: led }, 200,
      function (i) { return i !== 1; }).element);
    box.dataset.vessel = name;
    box.dataset.ledgerRows = String(led.length);
    box.dataset.eventRows = String(evs.length);
  }

  // ---- time -----------------------------------------------------------------------------------
  var slider = document.getElementById('slider');
  var label = document.getElementById('time-label');
  var STEPS = 1000;
  if (!isFinite(tMin)) { tMin = 0; tMax = 0; }
  function timeOf(value) { return tMin + (tMax - tMin) * value / STEPS; }
  var visible = 0;
  function setTime(t) {
    visible = 0;
    agents.forEach(function (a) {
      var p = positionAt(a.track, t);
      if (p) {
        a.marker.setLatLng(p);
        if (!a.group.hasLayer(a.marker)) a.group.addLayer(a.marker);
        ++visible;
      } else if (a.group.hasLayer(a.marker)) {
        a.group.removeLayer(a.marker);
      }
      (a.rings || []).forEach(function (r) {
        if (p) {
          r.setLatLng(p);
          if (!sensorRanges.hasLayer(r)) sensorRanges.addLayer(r);
        } else if (sensorRanges.hasLayer(r)) {
          sensorRanges.removeLayer(r);
        }
      });
    });
    label.textContent = utc(t) + ' (' + visible + ' of ' + agents.length + ' agents under way)';
    document.getElementById('report-stats').dataset.visibleAgents = String(visible);
  }
  slider.addEventListener('input', function () { setTime(timeOf(Number(slider.value))); });
  var timer = null;
  var play = document.getElementById('play');
  play.addEventListener('click', function () {
    if (timer) {
      clearInterval(timer);
      timer = null;
      play.textContent = 'Play';
      return;
    }
    if (Number(slider.value) >= STEPS) slider.value = '0';
    play.textContent = 'Pause';
    timer = setInterval(function () {
      var v = Math.min(STEPS, Number(slider.value) + 2);
      slider.value = String(v);
      setTime(timeOf(v));
      if (v >= STEPS) play.click();
    }, 50);
  });
  // Start at the middle of the interdiction events (detections, intercepts, escorts...), where
  // the agents are in the action; else at the start.
  var QUIET = { departed: 1, waypoint: 1, loiter_start: 1, loiter_end: 1, speed_change: 1, arrived: 1, done: 1 };
  var actionTimes = [];
  data.events.rows.forEach(function (r) {
    var t = QUIET[r[2]] ? null : parseUtc(r[0]);
    if (t !== null && t >= tMin && t <= tMax) actionTimes.push(t);
  });
  actionTimes.sort(function (a, b) { return a - b; });
  var start = actionTimes.length ? actionTimes[Math.floor(actionTimes.length / 2)] : tMin;
  slider.value = String(tMax > tMin ? Math.round((start - tMin) / (tMax - tMin) * STEPS) : 0);
  setTime(timeOf(Number(slider.value)));

  // The first view is the action: where the interdiction events happened (a run's tracks may
  // cross half the world while everything of interest is in one corner of it); the buttons
  // switch between it and the whole voyage.
  var action = L.latLngBounds([]);
  data.events.rows.forEach(function (r) {
    if (!QUIET[r[2]] && r[4] !== '' && r[5] !== '') action.extend([parseFloat(r[4]), parseFloat(r[5])]);
  });
  function fitAll() {
    if (bounds.isValid()) map.fitBounds(bounds.pad(0.05));
    else map.setView([20, 0], 2);
  }
  function fitAction() {
    if (action.isValid()) map.fitBounds(action.pad(0.35), { maxZoom: 8 });
    else fitAll();
  }
  document.getElementById('fit-action').addEventListener('click', fitAction);
  document.getElementById('fit-all').addEventListener('click', fitAll);
  document.getElementById('fit-action').disabled = !action.isValid();
  fitAction();

  // For the browser test: move every agent to a time and read where they are.
  window.tankersimReport = {
    setTime: function (t) { setTime(t); },
    positions: function () {
      var out = {};
      agents.forEach(function (a) {
        if (a.group.hasLayer(a.marker)) out[a.kind + ':' + a.name] = [a.marker.getLatLng().lat, a.marker.getLatLng().lng];
      });
      return out;
    },
    // [unit, lat, lon, radius_m] of each sensor disc on the map.
    sensorRanges: function () {
      var out = [];
      agents.forEach(function (a) {
        (a.rings || []).forEach(function (r) {
          if (sensorRanges.hasLayer(r)) out.push([a.name, r.getLatLng().lat, r.getLatLng().lng, r.getRadius()]);
        });
      });
      return out;
    },
    showVessel: showVessel,
    zoneTooltips: function () {
      return zones.getLayers().map(function (z) { return z.getTooltip().getContent().textContent; });
    },
    tMin: tMin, tMax: tMax
  };
  finish();

  // ---- comparison charts ----------------------------------------------------------------------
  function drawCharts() {
    var NS = 'http://www.w3.org/2000/svg';
    function svg(tag, attrs, text) {
      var e = document.createElementNS(NS, tag);
      Object.keys(attrs).forEach(function (k) { e.setAttribute(k, attrs[k]); });
      if (text !== undefined) e.textContent = String(text);
      return e;
    }
    function fmt(v, unit) {
      if (unit === 'p') return v.toFixed(3);
      if (unit === 'usd') return (v / 1e6).toFixed(1) + 'M';
      return v.toFixed(2);
    }
    var bars = 0;
    var W = 380, left = 120, right = 44, rowH = 26, top = 6;
    // One horizontal bar per [label, estimate, lo, hi], the interval as a whisker; probabilities
    // on [0, 1], other values on a scale that holds every interval and zero.
    function chart(grid, title, vals, unit) {
      var hi = unit === 'p' ? 1 : Math.max.apply(null, vals.map(function (v) { return Math.max(v[3], v[1], 0); }).concat([0]));
      var lo = unit === 'p' ? 0 : Math.min.apply(null, vals.map(function (v) { return Math.min(v[2], v[1], 0); }).concat([0]));
      if (hi === lo) hi = lo + 1;
      var H = top + rowH * vals.length + 24;
      var s = svg('svg', { 'class': 'chart', width: W, height: H, viewBox: '0 0 ' + W + ' ' + H, role: 'img' });
      var x = function (v) { return left + (W - left - right) * (v - lo) / (hi - lo); };
      vals.forEach(function (v, k) {
        var y = top + k * rowH;
        s.appendChild(svg('text', { x: left - 6, y: y + 16, 'text-anchor': 'end' }, v[0]));
        var x0 = x(Math.min(Math.max(0, lo), hi));
        var x1 = x(v[1]);
        s.appendChild(svg('rect', { 'class': 'bar', x: Math.min(x0, x1), y: y + 4, width: Math.max(1, Math.abs(x1 - x0)),
                                    height: 16, fill: PALETTE_C[k % PALETTE_C.length] }));
        s.appendChild(svg('line', { x1: x(v[2]), x2: x(v[3]), y1: y + 12, y2: y + 12, stroke: '#000', 'stroke-width': 1.5 }));
        s.appendChild(svg('line', { x1: x(v[2]), x2: x(v[2]), y1: y + 7, y2: y + 17, stroke: '#000' }));
        s.appendChild(svg('line', { x1: x(v[3]), x2: x(v[3]), y1: y + 7, y2: y + 17, stroke: '#000' }));
        s.appendChild(svg('text', { x: Math.min(W - right + 2, x(Math.max(v[3], v[1])) + 4), y: y + 16 }, fmt(v[1], unit)));
        ++bars;
      });
      var axisY = top + rowH * vals.length + 4;
      s.appendChild(svg('line', { x1: left, x2: W - right, y1: axisY, y2: axisY, stroke: '#889' }));
      if (lo < 0 && hi > 0) s.appendChild(svg('line', { x1: x(0), x2: x(0), y1: top, y2: axisY, stroke: '#889' }));
      [lo, (lo + hi) / 2, hi].forEach(function (v) {
        s.appendChild(svg('text', { x: x(v), y: axisY + 14, 'text-anchor': 'middle' }, unit === 'p' ? v.toFixed(1) : fmt(v, unit)));
      });
      var box = el('div', 'chart-box');
      box.appendChild(el('h3', null, title));
      box.appendChild(s);
      grid.appendChild(box);
    }
    var c = data.comparison.columns;
    var rows = data.comparison.rows.filter(function (r) { return r[c.indexOf('vessel')] === 'all'; });
    var outcomes = [
      ['P(delivered)', 'p_delivered_est', 'p_delivered_lo', 'p_delivered_hi', 'p'],
      ['P(seized)', 'p_seized_est', 'p_seized_lo', 'p_seized_hi', 'p'],
      ['P(diverted)', 'p_diverted', 'p_diverted_lo', 'p_diverted_hi', 'p'],
      ['P(turned back)', 'p_turned_back', 'p_turned_back_lo', 'p_turned_back_hi', 'p'],
      ['P(under way at the end)', 'p_underway', 'p_underway_lo', 'p_underway_hi', 'p'],
      ['Mean value delivered per replication (USD)', 'mean_delivered_usd_est', 'mean_delivered_usd_lo', 'mean_delivered_usd_hi', 'usd'],
      ['Mean value seized per replication (USD)', 'mean_seized_usd_est', 'mean_seized_usd_lo', 'mean_seized_usd_hi', 'usd']
    ];
    var grid = el('div', 'charts-grid');
    outcomes.forEach(function (ch) {
      chart(grid, ch[0], rows.map(function (r) {
        return [r[0], parseFloat(r[c.indexOf(ch[1])]), parseFloat(r[c.indexOf(ch[2])]), parseFloat(r[c.indexOf(ch[3])])];
      }), ch[4]);
    });
    document.getElementById('charts').appendChild(grid);
    stats.charts = outcomes.length;
    var paired = data.paired.rows;
    if (paired.length) {
      var box = document.getElementById('paired');
      box.hidden = false;
      document.getElementById('paired-base').textContent = data.paired.base;
      var pgrid = el('div', 'charts-grid');
      [['Value delivered per replication (USD)', 'delivered_usd', 'usd'],
       ['Value seized per replication (USD)', 'seized_usd', 'usd'],
       ['Vessels delivered per replication', 'delivered_vessels', 'n']].forEach(function (ch) {
        chart(pgrid, ch[0], paired.map(function (p) { return [p.variant].concat(p[ch[1]]); }), ch[2]);
        stats.charts += 1;
      });
      box.appendChild(pgrid);
    }
    return bars;
  }

  function finish() {
    var box = document.getElementById('report-stats');
    Object.keys(stats).forEach(function (k) {
      box.setAttribute('data-' + k.replace(/[A-Z]/g, function (m) { return '-' + m.toLowerCase(); }), String(stats[k]));
    });
    box.setAttribute('data-ready', '1');
  }
})();
