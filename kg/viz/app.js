// kg's graph page. Every string from the graph goes into the DOM with textContent or as a
// property value, never through innerHTML: article text is data, not markup. Labels are drawn
// on the canvas with fillText, which draws text and nothing else.
(function () {
  "use strict";
  // Marks for bench/viz.py: where the time to interactive goes.
  function mark(name) { if (window.performance && performance.mark) { performance.mark("kg:" + name); } }
  mark("start");
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  mark("parsed");
  var byId = Object.create(null);
  var edgeById = Object.create(null);
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  data.edges.forEach(function (e) { edgeById[e.id] = e; });
  var precomputed = data.layout === "precomputed";

  // PageRank order: it decides which labels win when they would overlap.
  var rankOf = Object.create(null);
  data.nodes.slice().sort(function (a, b) { return b.pagerank - a.pagerank || (a.label < b.label ? -1 : 1); })
    .forEach(function (n, i) { rankOf[n.id] = i; });

  // ---- what is shown: filters, time, sources, collapsed communities ----
  var state = {
    types: Object.create(null), kinds: Object.create(null), predicates: Object.create(null),
    sources: Object.create(null), relatedOnly: !!data.start.relatedOnly, colorBy: data.start.colorBy,
    from: 0, to: 0, collapsed: Object.create(null)
  };
  var dates = [];
  var dayOf = data.articles.map(function (a) { return a.date ? String(a.date).slice(0, 10) : null; });
  (function () {
    var seen = Object.create(null);
    dayOf.forEach(function (d) { if (d && !seen[d]) { seen[d] = true; dates.push(d); } });
    dates.sort();
    var index = Object.create(null);
    dates.forEach(function (d, i) { index[d] = i; });
    dayOf = dayOf.map(function (d) { return d ? index[d] : -1; });
    state.to = Math.max(0, dates.length - 1);
  })();

  var articleOn = [], edgeOn = Object.create(null), nodeOn = Object.create(null), liveEvidence = Object.create(null);
  function allTime() { return state.from === 0 && state.to >= dates.length - 1; }
  function anySourceHidden() { for (var k in state.sources) { if (state.sources[k]) { return true; } } return false; }
  function articleActive(i) {
    if (i < 0 || i >= data.articles.length) { return allTime() && !anySourceHidden(); }
    return articleOn[i];
  }
  function computeActive() {
    var whole = allTime();
    articleOn = data.articles.map(function (a, i) {
      if (state.sources[a.source || ""]) { return false; }
      var day = dayOf[i];
      return whole || (day >= state.from && day <= state.to);
    });
    var degree = Object.create(null);
    data.edges.forEach(function (e) {
      var live = state.predicates[e.predicate] || state.types[byId[e.from].kgType] || state.types[byId[e.to].kgType] ? [] :
        e.evidence.filter(function (i) { var ev = data.evidence[i]; return !state.kinds[ev.kind] && articleActive(ev.article); });
      liveEvidence[e.id] = live;
      edgeOn[e.id] = live.length > 0;
      if (live.length) { degree[e.from] = (degree[e.from] || 0) + 1; degree[e.to] = (degree[e.to] || 0) + 1; }
    });
    data.nodes.forEach(function (n) {
      nodeOn[n.id] = !state.types[n.kgType] && (degree[n.id] > 0 || (!state.relatedOnly &&
        (n.mentions.length ? n.mentions.some(articleActive) : articleActive(-1))));
    });
  }
  computeActive();

  // ---- layout: the shown pieces packed to the window's shape, biggest first ----
  var GAP = 60, PITCH = 70;
  var home = Object.create(null);
  data.nodes.forEach(function (n) { if (typeof n.x === "number") { home[n.id] = { x: n.x, y: n.y }; } });

  function pieces(ids) {
    var parent = Object.create(null);
    function root(x) { while (parent[x] !== x) { parent[x] = parent[parent[x]]; x = parent[x]; } return x; }
    ids.forEach(function (id) { parent[id] = id; });
    data.edges.forEach(function (e) {
      if (edgeOn[e.id] && parent[e.from] !== undefined && parent[e.to] !== undefined) { parent[root(e.from)] = root(e.to); }
    });
    var groups = Object.create(null), out = [];
    ids.forEach(function (id) {
      var r = root(id);
      if (!groups[r]) { groups[r] = []; out.push(groups[r]); }
      groups[r].push(id);
    });
    return out;
  }

  // Skyline packing: each box goes where its top is lowest, left first.
  function skyline(boxes, width) {
    var sky = [{ x: 0, y: 0, w: width }];
    boxes.forEach(function (b) {
      var best = null;
      for (var i = 0; i < sky.length; i++) {
        var x = sky[i].x;
        if (x + b.w > width + 1e-6 && x > 0) { break; }
        var y = 0, reach = x + b.w;
        for (var j = i; j < sky.length && sky[j].x < reach; j++) { y = Math.max(y, sky[j].y); }
        if (!best || y < best.y) { best = { x: x, y: y }; }
      }
      b.px = best.x; b.py = best.y;
      var right = best.x + b.w, next = [];
      sky.forEach(function (s) {
        var end = s.x + s.w;
        if (end <= best.x || s.x >= right) { next.push(s); return; }
        if (s.x < best.x) { next.push({ x: s.x, y: s.y, w: best.x - s.x }); }
        if (end > right) { next.push({ x: right, y: s.y, w: end - right }); }
      });
      next.push({ x: best.x, y: best.y + b.h, w: b.w });
      next.sort(function (p, q) { return p.x - q.x; });
      sky = [];
      next.forEach(function (s) {
        var last = sky[sky.length - 1];
        if (last && last.y === s.y && Math.abs(last.x + last.w - s.x) < 1e-6) { last.w += s.w; } else { sky.push(s); }
      });
    });
  }

  function packedPositions(ids, positionOf) {
    var boxes = [], loners = [];
    pieces(ids).forEach(function (piece) {
      if (piece.length === 1) { loners.push(piece[0]); return; }
      var x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
      piece.forEach(function (id) {
        var p = positionOf(id);
        x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
      });
      boxes.push({ ids: piece, x0: x0, y0: y0, w: x1 - x0 + GAP, h: y1 - y0 + GAP,
                   best: Math.min.apply(null, piece.map(function (id) { return rankOf[id]; })) });
    });
    loners.sort(function (a, b) { return rankOf[a] - rankOf[b]; });
    var area = loners.length * PITCH * PITCH, widest = PITCH;
    boxes.forEach(function (b) { area += b.w * b.h; widest = Math.max(widest, b.w); });
    var aspect = Math.max(0.5, Math.min(3, container.clientWidth / Math.max(1, container.clientHeight)));
    var width = Math.max(widest, Math.sqrt(area * aspect) * 1.05);
    if (loners.length) {
      var columns = Math.max(1, Math.floor(width / PITCH));
      boxes.push({ ids: loners, loners: columns, w: Math.min(loners.length, columns) * PITCH,
                   h: Math.ceil(loners.length / columns) * PITCH, best: Infinity });
    }
    boxes.sort(function (a, b) { return b.h - a.h || b.ids.length - a.ids.length || a.best - b.best; });
    skyline(boxes, width);
    var out = Object.create(null), x0 = Infinity, y0 = Infinity, x1 = -Infinity, y1 = -Infinity;
    boxes.forEach(function (b) {
      b.ids.forEach(function (id, i) {
        var p = b.loners ? { x: b.px + (i % b.loners) * PITCH, y: b.py + Math.floor(i / b.loners) * PITCH } :
          { x: b.px + positionOf(id).x - b.x0 + GAP / 2, y: b.py + positionOf(id).y - b.y0 + GAP / 2 };
        out[id] = p;
        x0 = Math.min(x0, p.x); y0 = Math.min(y0, p.y); x1 = Math.max(x1, p.x); y1 = Math.max(y1, p.y);
      });
    });
    var cx = (x0 + x1) / 2, cy = (y0 + y1) / 2;
    for (var id in out) { out[id].x = Math.round(out[id].x - cx); out[id].y = Math.round(out[id].y - cy); }
    return out;
  }

  // ---- the network ----
  var container = document.getElementById("mynetwork");
  // Colour shows the community or the type; with communities, the shape shows the type.
  function colorOf(n) { return state.colorBy === "community" ? n.communityColor : n.typeColor; }
  function shapeOf(n) { return state.colorBy === "community" ? n.shape : "dot"; }
  function visNode(n) {
    var item = { id: n.id, value: n.value, title: n.title, shape: shapeOf(n), color: colorOf(n) };
    if (home[n.id]) { item.x = home[n.id].x; item.y = home[n.id].y; }
    return item;
  }
  function visEdge(e) {
    return { id: e.id, from: e.from, to: e.to, title: e.title, color: e.color, dashes: e.dashes, width: e.width };
  }
  mark("filtered");
  if (precomputed) {
    var first = packedPositions(data.nodes.filter(function (n) { return nodeOn[n.id]; }).map(function (n) { return n.id; }),
                                function (id) { return home[id]; });
    for (var id0 in first) { byId[id0].packed = first[id0]; }
  }
  mark("laid-out");
  var nodes = new vis.DataSet(data.nodes.map(function (n) {
    var item = visNode(n);
    if (n.packed) { item.x = n.packed.x; item.y = n.packed.y; delete n.packed; }
    return item;
  }));
  var edges = new vis.DataSet(data.edges.map(visEdge));
  var nodeView = new vis.DataView(nodes, { filter: function (item) { return nodeOn[item.id] === true; } });
  var edgeView = new vis.DataView(edges, { filter: function (item) { return edgeOn[item.id] === true; } });
  // data-ready: the network is drawn and answers input. data-stable: the nodes stopped moving
  // (at once when physics is off), so positions read now stay true. The listeners go on
  // before the data, because vis-network stabilizes while the data is set.
  mark("datasets");
  var network = new vis.Network(container, { nodes: [], edges: [] }, data.options);
  mark("network");
  network.once("afterDrawing", function () {
    mark("drawn");
    document.body.setAttribute("data-ready", "1");
    if (!physicsOn()) { document.body.setAttribute("data-stable", "1"); }
  });
  network.on("stabilized", function () { document.body.setAttribute("data-stable", "1"); });
  function physicsOn() { return !!(network.physics && network.physics.options && network.physics.options.enabled); }

  function fitView(animate) {
    var ids = nodeView.getIds();
    if (!ids.length) { return; }
    network.fit({ animation: animate ? { duration: 400, easingFunction: "easeInOutQuad" } : false, maxZoomLevel: 1.6 });
    // Room for the labels drawn under the outermost nodes.
    network.moveTo({ scale: network.getScale() * 0.94 });
  }

  // ---- small DOM helpers: text only ----
  function el(tag, className, text) {
    var node = document.createElement(tag);
    if (className) { node.className = className; }
    if (text !== undefined && text !== null) { node.textContent = String(text); }
    return node;
  }
  function clear(node) { while (node.firstChild) { node.removeChild(node.firstChild); } }
  function plural(n, one, many) { return n.toLocaleString("en") + " " + (n === 1 ? one : many || one + "s"); }
  function checkbox(checked, onChange) {
    var input = el("input");
    input.type = "checkbox";
    input.checked = checked;
    input.addEventListener("change", function () { onChange(input.checked); });
    return input;
  }
  function button(text, className, onClick) {
    var b = el("button", className, text);
    b.type = "button";
    b.addEventListener("click", onClick);
    return b;
  }

  // ---- communities: collapse one into a single node, expand it again ----
  var communityNodes = Object.create(null);
  data.nodes.forEach(function (n) {
    if (n.community >= 0) { (communityNodes[n.community] = communityNodes[n.community] || []).push(n.id); }
  });
  function clusterId(c) { return "community:" + c; }
  function collapsible(c) {
    return (communityNodes[c] || []).filter(function (id) { return nodeOn[id]; }).length >= 2;
  }
  // vis-network redraws after each cluster change unless told not to: a batch redraws once.
  function dataChanged() { network.body.emitter.emit("_dataChanged"); }
  function clusterCommunity(c, batch) {
    var row = data.communities[c], id = clusterId(c);
    if (!collapsible(c) || network.body.nodes[id]) { return; }
    network.cluster({
      joinCondition: function (options) { var n = byId[options.id]; return !!n && n.community === c; },
      clusterNodeProperties: {
        id: id, shape: "dot", size: Math.min(48, 16 + 3 * Math.sqrt(row.size)), borderWidth: 3,
        color: { background: row.color, border: "#333333" },
        title: "Community of " + plural(row.size, "entity", "entities") + ": " + row.top.join(", ") +
          "\nDouble-click to expand it."
      },
      clusterEdgeProperties: { dashes: false }
    }, !batch);
    clusterHome[c] = network.getPositions([id])[id];
  }
  // Where each collapsed community's node was put: expanding puts the members back where they
  // were, moved as far as the community's node was dragged.
  var clusterHome = Object.create(null);
  function openCluster(c, batch) {
    var id = clusterId(c);
    if (!network.body.nodes[id] || !network.isCluster(id)) { return; }
    var start = clusterHome[c];
    network.openCluster(id, { releaseFunction: function (at, positions) {
      var out = {};
      Object.keys(positions).forEach(function (n) {
        out[n] = start ? { x: positions[n].x + at.x - start.x, y: positions[n].y + at.y - start.y } : positions[n];
      });
      return out;
    } }, !batch);
  }
  function openClusters() {
    var open = Object.keys(state.collapsed);
    open.forEach(function (c) { openCluster(c, true); });
    if (open.length) { dataChanged(); }
  }
  function applyClusters() {
    var shut = Object.keys(state.collapsed);
    shut.forEach(function (c) { clusterCommunity(Number(c), true); });
    if (shut.length) { dataChanged(); }
  }
  function collapseCommunities(list) {
    var done = list.map(Number).filter(function (c) {
      if (!collapsible(c)) { return false; }
      state.collapsed[c] = true;
      clusterCommunity(c, true);
      return true;
    });
    dataChanged();
    updateCommunityButtons();
    updateCounts();
    return done.length > 0;
  }
  function expandCommunities(list) {
    list.map(Number).forEach(function (c) { openCluster(c, true); delete state.collapsed[c]; });
    dataChanged();
    updateCommunityButtons();
    updateCounts();
  }
  function collapseCommunity(c) { return collapseCommunities([c]); }
  function expandCommunity(c) { expandCommunities([c]); }
  function communityOfCluster(id) { return typeof id === "string" && id.indexOf("community:") === 0 ? Number(id.slice(10)) : null; }

  // ---- counts, notes ----
  var counts = document.getElementById("counts");
  function updateCounts() {
    var collapsed = Object.keys(state.collapsed).length;
    counts.textContent = nodeView.length.toLocaleString("en") + " of " + plural(data.nodes.length, "entity", "entities") +
      ", " + edgeView.length.toLocaleString("en") + " of " + plural(data.edges.length, "relation") + " shown" +
      (collapsed ? " (" + plural(collapsed, "community", "communities") + " collapsed)" : "");
  }
  var notes = document.getElementById("notes");
  data.notes.forEach(function (text) { notes.appendChild(el("p", null, text)); });
  notes.hidden = data.notes.length === 0;

  // Filters change what is shown: the shown part is laid out again and fitted to the window.
  var listeners = [];
  function refresh() {
    computeActive();
    openClusters();
    nodeView.refresh();
    edgeView.refresh();
    relayout();
    applyClusters();
    updateCounts();
    listeners.forEach(function (f) { f(); });
  }
  // body[data-layouts] counts the layouts done after a filter, for tests and benchmarks.
  var layouts = 0;
  function laidOut() { layouts += 1; document.body.setAttribute("data-layouts", String(layouts)); }
  function relayout() {
    var ids = nodeView.getIds();
    if (physicsOn()) {
      network.once("stabilized", function () {
        network.once("animationFinished", laidOut);
        fitView(true);
      });
      network.stabilize(200);
      return;
    }
    var positions = packedPositions(ids, function (id) {
      return home[id] || network.getPositions([id])[id] || { x: 0, y: 0 };
    });
    if (!precomputed) {
      // The first time physics is off on a small page, the current positions become home.
      ids.forEach(function (id) { if (!home[id]) { home[id] = network.getPositions([id])[id]; } });
    }
    nodes.update(ids.map(function (id) { return { id: id, x: positions[id].x, y: positions[id].y }; }));
    fitView(false);
    laidOut();
  }

  // ---- legend and filters: one builder for each kind of row ----
  function legendRow(box, marker, text, count, onChange) {
    var label = el("label");
    label.appendChild(checkbox(true, onChange));
    label.appendChild(marker);
    label.appendChild(document.createTextNode(text + " "));
    label.appendChild(el("span", "count", count.toLocaleString("en")));
    box.appendChild(label);
    return label;
  }
  var GLYPH = { dot: "\u25cf", square: "\u25a0", triangle: "\u25b2", diamond: "\u25c6", star: "\u2605",
                triangleDown: "\u25bc", hexagon: "\u2b22" };
  var typeBox = document.getElementById("type-filters");
  var typeMarkers = [];
  data.types.forEach(function (t) {
    var marker = el("span", "glyph");
    typeMarkers.push([marker, t]);
    legendRow(typeBox, marker, t.name, t.count, function (on) { state.types[t.name] = !on; refresh(); })
      .setAttribute("data-type", t.name);
  });
  // With colour for the communities, a line under their legend says which shape is which type.
  var shapeLegend = document.getElementById("shape-legend");
  data.types.forEach(function (t) {
    var item = el("span", "item");
    item.appendChild(el("span", "glyph", GLYPH[t.shape] || GLYPH.dot));
    item.appendChild(document.createTextNode(t.name));
    shapeLegend.appendChild(item);
  });
  function paintTypeMarkers() {
    document.body.classList.toggle("by-type", state.colorBy === "type");
    shapeLegend.hidden = state.colorBy === "type";
    typeMarkers.forEach(function (pair) {
      var byType = state.colorBy === "type";
      pair[0].textContent = byType ? GLYPH.dot : GLYPH[pair[1].shape] || GLYPH.dot;
      pair[0].style.color = byType ? pair[1].color : "#555555";
    });
  }

  var kindBox = document.getElementById("kind-filters");
  data.kinds.forEach(function (k) {
    var line = el("span", "line" + (k.name === "hedged" ? " dotted" : k.dashes ? " dashed" : ""));
    line.style.borderTopColor = k.color;
    var label = legendRow(kindBox, line, k.label, k.count, function (on) { state.kinds[k.name] = !on; refresh(); });
    label.title = k.name === "negated" ? "Relations that the text denies" : "";
  });

  // A corpus has hundreds of predicates: their rows are made when the list is first opened.
  var predicateBox = document.getElementById("predicate-filters");
  var predicateInputs = [];
  function predicateRows() {
    if (predicateInputs.length || !data.predicates.length) { return; }
    data.predicates.forEach(function (p) {
      var label = legendRow(predicateBox, document.createTextNode(""), p.label, p.count,
                            function (on) { state.predicates[p.name] = !on; refresh(); });
      var input = label.querySelector("input");
      input.checked = !state.predicates[p.name];
      input.setAttribute("data-predicate", p.name);
      predicateInputs.push([input, p.name]);
    });
  }
  var predicateDetails = document.getElementById("predicate-box");
  predicateDetails.addEventListener("toggle", function () { if (predicateDetails.open) { predicateRows(); } });
  document.querySelector("#predicate-box summary").textContent = "Predicates (" + data.predicates.length + ")";
  function setAllPredicates(on) {
    predicateRows();
    predicateInputs.forEach(function (pair) { pair[0].checked = on; state.predicates[pair[1]] = !on; });
    refresh();
  }
  document.getElementById("predicates-all").addEventListener("click", function () { setAllPredicates(true); });
  document.getElementById("predicates-none").addEventListener("click", function () { setAllPredicates(false); });

  var isolated = document.getElementById("isolated");
  var unrelated = data.nodes.filter(function (n) { return n.degree === 0; }).length;
  isolated.checked = !state.relatedOnly;
  document.getElementById("isolated-count").textContent = "(" + unrelated.toLocaleString("en") + ")";
  isolated.addEventListener("change", function () { state.relatedOnly = !isolated.checked; refresh(); });

  var physics = document.getElementById("physics");
  physics.checked = physicsOn() || !!(data.options.physics && data.options.physics.enabled);
  physics.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physics.checked, solver: "forceAtlas2Based", stabilization: false } });
  });

  document.getElementById("size-by").addEventListener("change", function (ev) {
    var by = ev.target.value;
    nodes.update(data.nodes.map(function (n) { return { id: n.id, value: by === "degree" ? n.degree : n.pagerank }; }));
  });

  var colorBy = document.getElementById("color-by");
  colorBy.value = state.colorBy;
  colorBy.addEventListener("change", function () {
    state.colorBy = colorBy.value;
    nodes.update(data.nodes.map(function (n) { return { id: n.id, color: colorOf(n), shape: shapeOf(n) }; }));
    paintTypeMarkers();
  });
  paintTypeMarkers();

  mark("legend");
  // ---- communities legend ----
  var communityBox = document.getElementById("community-list");
  var communityButtons = [];
  var SHOWN_COMMUNITIES = 12;
  data.communities.slice(0, SHOWN_COMMUNITIES).forEach(function (c) {
    if (c.size < 3) { return; }
    var row = el("div", "community");
    row.setAttribute("data-community", String(c.id));
    var swatch = el("span", "swatch");
    swatch.style.background = c.color;
    row.appendChild(swatch);
    var name = button(c.name, "link", function () { focusCommunity(c.id); });
    name.title = "Show these " + plural(c.size, "entity", "entities");
    row.appendChild(name);
    row.appendChild(el("span", "count", " " + c.size));
    var toggle = button("collapse", "toggle", function () {
      if (state.collapsed[c.id]) { expandCommunity(c.id); } else { collapseCommunity(c.id); }
    });
    toggle.setAttribute("data-community", String(c.id));
    communityButtons.push([toggle, c.id]);
    row.appendChild(toggle);
    communityBox.appendChild(row);
  });
  var rest = data.communities.length - communityButtons.length;
  if (rest > 0) { communityBox.appendChild(el("p", "hint", "and " + plural(rest, "smaller group") + " (grey)")); }
  document.getElementById("community-section").hidden = communityButtons.length === 0;
  function updateCommunityButtons() {
    communityButtons.forEach(function (pair) {
      pair[0].textContent = state.collapsed[pair[1]] ? "expand" : "collapse";
      pair[0].disabled = !state.collapsed[pair[1]] && !collapsible(pair[1]);
    });
  }
  document.getElementById("collapse-all").addEventListener("click", function () {
    collapseCommunities(communityButtons.map(function (pair) { return pair[1]; }));
  });
  document.getElementById("expand-all").addEventListener("click", function () {
    expandCommunities(Object.keys(state.collapsed));
  });
  listeners.push(updateCommunityButtons);
  updateCommunityButtons();

  function focusCommunity(c) {
    var ids = (communityNodes[c] || []).filter(function (id) { return nodeOn[id]; });
    if (state.collapsed[c]) { ids = [clusterId(c)]; }
    if (!ids.length) { return; }
    network.fit({ nodes: ids, maxZoomLevel: 1.4, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    if (!state.collapsed[c]) { network.selectNodes(ids, false); }
    showCommunity(c);
  }

  // ---- time and sources ----
  var timeBox = document.getElementById("time-section");
  var fromInput = document.getElementById("date-from"), toInput = document.getElementById("date-to");
  var dateLabel = document.getElementById("date-label");
  var histogram = document.getElementById("histogram");
  var bars = [];
  timeBox.hidden = dates.length < 2;
  if (dates.length >= 2) {
    var perDay = dates.map(function () { return 0; });
    dayOf.forEach(function (d) { if (d >= 0) { perDay[d] += 1; } });
    var most = Math.max.apply(null, perDay);
    perDay.forEach(function (count, i) {
      var bar = el("span", "bar");
      bar.style.height = Math.max(2, Math.round(100 * count / most)) + "%";
      bar.title = dates[i] + ": " + plural(count, "article");
      histogram.appendChild(bar);
      bars.push(bar);
    });
    [fromInput, toInput].forEach(function (input) {
      input.min = "0";
      input.max = String(dates.length - 1);
      input.step = "1";
    });
    fromInput.value = "0";
    toInput.value = String(dates.length - 1);
  }
  var timer = null;
  function onRange(ev) {
    var a = Number(fromInput.value), b = Number(toInput.value);
    if (a > b) { if (ev && ev.target === fromInput) { toInput.value = String(a); b = a; } else { fromInput.value = String(b); a = b; } }
    state.from = a; state.to = b;
    describeRange();
    clearTimeout(timer);
    timer = setTimeout(refresh, 60);
  }
  fromInput.addEventListener("input", onRange);
  toInput.addEventListener("input", onRange);
  function setDateRange(from, to) {
    var a = dates.indexOf(from), b = dates.indexOf(to);
    if (from && a < 0) { a = dates.filter(function (d) { return d < from; }).length; }
    if (to && b < 0) { b = dates.filter(function (d) { return d <= to; }).length - 1; }
    fromInput.value = String(from ? a : 0);
    toInput.value = String(to ? b : dates.length - 1);
    onRange();
    clearTimeout(timer);
    refresh();
  }
  function describeRange() {
    if (dates.length < 2) { return; }
    var shown = 0, dated = 0;
    dayOf.forEach(function (d) { if (d >= 0) { dated += 1; if (d >= state.from && d <= state.to) { shown += 1; } } });
    dateLabel.textContent = dates[state.from] + " \u2013 " + dates[state.to] + " \u00b7 " + shown.toLocaleString("en") +
      " of " + plural(dated, "dated article") + (allTime() || dated === data.articles.length ? "" : " (undated ones hidden)");
    bars.forEach(function (bar, i) { bar.className = "bar" + (i >= state.from && i <= state.to ? "" : " out"); });
  }
  document.getElementById("date-all").addEventListener("click", function () { setDateRange(null, null); });
  describeRange();

  var sourceBox = document.getElementById("source-filters");
  var sourceCounts = Object.create(null), sourceNames = [];
  data.articles.forEach(function (a) {
    var s = a.source || "";
    if (!(s in sourceCounts)) { sourceCounts[s] = 0; sourceNames.push(s); }
    sourceCounts[s] += 1;
  });
  sourceNames.sort(function (a, b) { return sourceCounts[b] - sourceCounts[a] || (a < b ? -1 : 1); });
  document.getElementById("source-section").hidden = sourceNames.length < 2;
  sourceNames.forEach(function (s) {
    legendRow(sourceBox, document.createTextNode(""), s || "(no source)", sourceCounts[s],
              function (on) { state.sources[s] = !on; refresh(); }).setAttribute("data-source", s);
  });

  // ---- top relations: the most-cited relations in view, grouped by relation ----
  var topBox = document.getElementById("top-relations");
  var TOP = 24;
  function renderTopRelations() {
    clear(topBox);
    var rows = data.edges.filter(function (e) { return edgeOn[e.id]; }).map(function (e) {
      var live = liveEvidence[e.id], arts = Object.create(null), n = 0;
      live.forEach(function (i) { if (!arts[data.evidence[i].article]) { arts[data.evidence[i].article] = true; n += 1; } });
      return { edge: e, count: live.length, articles: n };
    });
    rows.sort(function (a, b) {
      return b.count - a.count || b.articles - a.articles ||
        rankOf[a.edge.from] + rankOf[a.edge.to] - rankOf[b.edge.from] - rankOf[b.edge.to];
    });
    var groups = [], byLabel = Object.create(null);
    rows.slice(0, TOP).forEach(function (r) {
      var key = r.edge.label.replace(/^not /, "");
      if (!byLabel[key]) { byLabel[key] = { label: key, rows: [] }; groups.push(byLabel[key]); }
      byLabel[key].rows.push(r);
    });
    if (!groups.length) { topBox.appendChild(el("p", "hint", "No relation in view.")); }
    groups.forEach(function (g) {
      var box = el("div", "relation-group");
      box.appendChild(el("h4", null, g.label));
      var list = el("ol");
      g.rows.forEach(function (r) {
        var item = el("li");
        var link = button("", "link", function () { focusEdge(r.edge.id); });
        link.setAttribute("data-edge", r.edge.id);
        link.appendChild(document.createTextNode(byId[r.edge.from].label + " \u2192 " + byId[r.edge.to].label));
        item.appendChild(link);
        if (r.edge.kind === "negated") { item.appendChild(el("span", "denied", " denied")); }
        item.appendChild(el("span", "count", " " + r.count + (r.articles > 1 ? " in " + r.articles + " articles" : "")));
        list.appendChild(item);
      });
      box.appendChild(list);
      topBox.appendChild(box);
    });
  }
  listeners.push(renderTopRelations);
  listeners.push(describeRange);
  // The panel follows the filters: what it shows is drawn again, with the evidence now in view.
  listeners.push(function () {
    var showing = details.getAttribute("data-showing") || "", at = showing.indexOf(":");
    var kind = showing.slice(0, at), id = showing.slice(at + 1);
    if (kind === "node") { showNode(id, true); }
    else if (kind === "edge") { showEdge(id, true); }
    else if (kind === "community") { showCommunity(Number(id), true); }
  });

  // ---- the side panel ----
  var details = document.getElementById("details");
  var tabs = { overview: document.getElementById("overview"), details: details };
  function showTab(name) {
    Object.keys(tabs).forEach(function (k) { tabs[k].hidden = k !== name; });
    document.querySelectorAll("#tabs button").forEach(function (b) {
      b.setAttribute("aria-selected", b.getAttribute("data-tab") === name ? "true" : "false");
    });
  }
  document.querySelectorAll("#tabs button").forEach(function (b) {
    b.addEventListener("click", function () { showTab(b.getAttribute("data-tab")); });
  });

  // The sentence as text nodes, with the subject and object mentions, at their recorded
  // offsets, in <mark> elements; a mention inside the other ("[The [Windows] and Xbox maker]")
  // is a mark inside a mark. Offsets count Unicode characters, as Python does.
  function quote(ev) {
    var block = el("blockquote");
    var chars = Array.from(ev.sentence);
    var spans = [];
    [["subject", ev.subjectSpan], ["object", ev.objectSpan]].forEach(function (part) {
      var span = part[1];
      if (span && span[0] >= 0 && span[0] < span[1] && span[1] <= chars.length) {
        spans.push({ role: part[0], start: span[0], end: span[1] });
      }
    });
    spans.sort(function (a, b) { return a.start - b.start || b.end - a.end; });
    function text(a, b) { return document.createTextNode(chars.slice(a, b).join("")); }
    function fill(parent, from, to, list) {
      var pos = from;
      while (list.length) {
        var span = list.shift(), start = Math.max(span.start, pos), end = Math.min(span.end, to);
        if (start >= end) { continue; }
        parent.appendChild(text(pos, start));
        var mark = el("mark", span.role);
        mark.title = span.role;
        var inside = list.filter(function (t) { return t.start >= start && t.end <= end; });
        list = list.filter(function (t) { return inside.indexOf(t) < 0; });
        fill(mark, start, end, inside);
        parent.appendChild(mark);
        pos = end;
      }
      parent.appendChild(text(pos, to));
    }
    fill(block, 0, chars.length, spans);
    return block;
  }

  function articleLine(article, className) {
    var meta = el("div", className);
    var title = article.title || article.source || article.id || "";
    if (article.url && /^https?:\/\//.test(article.url)) {
      var link = el("a", null, title);
      link.href = article.url;
      link.target = "_blank";
      link.rel = "noopener noreferrer";
      meta.appendChild(link);
    } else {
      meta.appendChild(el("span", "title", title));
    }
    [article.date, article.source && article.source !== title ? article.source : null].forEach(function (x) {
      if (x) { meta.appendChild(document.createTextNode(" \u00b7 " + x)); }
    });
    return meta;
  }

  function evidenceItem(index) {
    var ev = data.evidence[index];
    var item = el("li", "evidence " + ev.kind);
    item.setAttribute("data-evidence", String(index));
    if (ev.kind === "claim") {
      item.appendChild(el("div", "flag claim", ev.claimedBy ? "Claimed by " + ev.claimedBy : "Reported, not asserted"));
    } else if (ev.kind === "negated") {
      item.appendChild(el("div", "flag negated", "Negated: the text denies it"));
    } else if (ev.kind === "hedged") {
      item.appendChild(el("div", "flag hedged", "Hedged: \u201c" + (ev.modality || "") + "\u201d"));
    }
    item.appendChild(quote(ev));
    item.appendChild(articleLine(data.articles[ev.article] || {}, "meta"));
    item.appendChild(el("div", "meta", "\u201c" + (ev.relation || "") + "\u201d \u00b7 confidence " +
      Number(ev.confidence).toFixed(2) + (ev.rule ? " \u00b7 rule " + ev.rule : "")));
    return item;
  }

  function evidenceList(e) {
    var list = el("ul");
    liveEvidence[e.id].forEach(function (i) { list.appendChild(evidenceItem(i)); });
    return list;
  }
  function hiddenEvidenceNote(e, parent) {
    var hidden = e.evidence.length - liveEvidence[e.id].length;
    if (hidden > 0) {
      parent.appendChild(el("p", "hint", plural(hidden, "more sentence") + " outside the dates, sources or kinds shown."));
    }
  }

  function nodeLink(id) {
    var b = button(byId[id] ? byId[id].label : id, "link", function () { focusNode(id); });
    return b;
  }

  function relationLine(e, parent) {
    parent.appendChild(nodeLink(e.from));
    parent.appendChild(document.createTextNode(" \u2014 " + e.label + " \u2014 "));
    parent.appendChild(nodeLink(e.to));
  }

  function showEdge(id, quiet) {
    var e = edgeById[id];
    if (!e) { return; }
    clear(details);
    var head = el("h2");
    relationLine(e, head);
    details.appendChild(head);
    var kind = data.kinds.filter(function (k) { return k.name === e.kind; })[0];
    var badge = el("span", "badge", kind.label);
    badge.style.background = kind.color;
    var meta = el("p", "meta");
    meta.appendChild(badge);
    meta.appendChild(document.createTextNode(plural(liveEvidence[e.id].length, "sentence") + " of evidence"));
    details.appendChild(meta);
    details.appendChild(evidenceList(e));
    hiddenEvidenceNote(e, details);
    details.setAttribute("data-showing", "edge:" + id);
    if (!quiet) { showTab("details"); }
  }

  var ARTICLES_SHOWN = 12;
  function articleList(n, parent) {
    var items = n.mentions.slice().sort(function (a, b) {
      var da = data.articles[a].date || "~", db = data.articles[b].date || "~";
      return da < db ? -1 : da > db ? 1 : a - b;
    });
    if (!items.length) { return; }
    parent.appendChild(el("h3", null, "Articles (" + items.length + ")"));
    var list = el("ol", "articles");
    items.forEach(function (i, k) {
      var item = el("li", articleActive(i) ? null : "outside");
      item.setAttribute("data-article", String(i));
      item.appendChild(articleLine(data.articles[i], "article"));
      item.hidden = k >= ARTICLES_SHOWN;
      list.appendChild(item);
    });
    parent.appendChild(list);
    if (items.length > ARTICLES_SHOWN) {
      var more = button("all " + items.length + " articles", "more", function () {
        list.querySelectorAll("li").forEach(function (li) { li.hidden = false; });
        more.remove();
      });
      parent.appendChild(more);
    }
  }

  function showNode(id, quiet) {
    var n = byId[id];
    if (!n) { return; }
    clear(details);
    details.appendChild(el("h2", null, n.label));
    var type = el("p", "meta");
    var badge = el("span", "badge", n.kgType);
    badge.style.background = n.typeColor;
    type.appendChild(badge);
    type.appendChild(document.createTextNode("PageRank #" + (rankOf[id] + 1) + " of " + data.nodes.length +
      " \u00b7 " + plural(n.degree, "related entity", "related entities")));
    details.appendChild(type);
    if (n.community >= 0 && data.communities[n.community].size >= 3) {
      var community = el("p", "meta");
      community.appendChild(document.createTextNode("Community: "));
      community.appendChild(button(data.communities[n.community].name, "link", function () { focusCommunity(n.community); }));
      details.appendChild(community);
    }
    if (n.aliases.length) { details.appendChild(el("p", "meta aliases", "Also called: " + n.aliases.join(", "))); }
    details.appendChild(el("p", "meta", "Mentioned in " + plural(n.articles, "article")));
    var related = data.edges.filter(function (e) { return (e.from === id || e.to === id) && edgeOn[e.id]; });
    if (!related.length) {
      details.appendChild(el("p", "hint", n.degree ? "No relation of it is in view: see the filters." :
        "No relation to another entity was read for it."));
    }
    related.forEach(function (e) {
      var box = el("details");
      box.open = related.length <= 6;
      var summary = el("summary");
      relationLine(e, summary);
      summary.appendChild(el("span", "count", " (" + liveEvidence[e.id].length + ")"));
      box.appendChild(summary);
      box.appendChild(evidenceList(e));
      details.appendChild(box);
    });
    articleList(n, details);
    details.setAttribute("data-showing", "node:" + id);
    if (!quiet) { showTab("details"); }
  }

  function showCommunity(c, quiet) {
    var row = data.communities[c];
    clear(details);
    details.appendChild(el("h2", null, "Community: " + row.name));
    var meta = el("p", "meta");
    var swatch = el("span", "swatch");
    swatch.style.background = row.color;
    meta.appendChild(swatch);
    meta.appendChild(document.createTextNode(plural(row.size, "entity", "entities") +
      " that relate to each other more than to the rest (Louvain communities, as kg stats finds them)"));
    details.appendChild(meta);
    details.appendChild(button(state.collapsed[c] ? "expand" : "collapse into one node", "toggle", function () {
      if (state.collapsed[c]) { expandCommunity(c); } else { collapseCommunity(c); }
      showCommunity(c);
    }));
    var list = el("ol", "members");
    (communityNodes[c] || []).slice().sort(function (a, b) { return rankOf[a] - rankOf[b]; }).forEach(function (id) {
      var item = el("li");
      item.appendChild(nodeLink(id));
      item.appendChild(el("span", "count", " " + byId[id].kgType));
      list.appendChild(item);
    });
    details.appendChild(list);
    details.setAttribute("data-showing", "community:" + c);
    if (!quiet) { showTab("details"); }
  }

  // Show what is hidden when it is asked for by name: its type, the unrelated, the whole time range.
  function reveal(id) {
    var n = byId[id];
    if (nodeOn[id]) { return; }
    state.types[n.kgType] = false;
    var box = typeBox.querySelector("label[data-type='" + CSS.escape(n.kgType) + "'] input");
    if (box) { box.checked = true; }
    computeActive();
    if (!nodeOn[id] && state.relatedOnly) { state.relatedOnly = false; isolated.checked = true; computeActive(); }
    if (!nodeOn[id]) {
      state.sources = Object.create(null);
      sourceBox.querySelectorAll("input").forEach(function (input) { input.checked = true; });
      fromInput.value = "0"; toInput.value = String(Math.max(0, dates.length - 1));
      state.from = 0; state.to = Math.max(0, dates.length - 1);
    }
    refresh();
  }
  function unclusterFor(id) {
    var n = byId[id];
    if (n && state.collapsed[n.community]) { expandCommunity(n.community); }
  }

  function focusNode(id) {
    if (!byId[id]) { return; }
    reveal(id);
    unclusterFor(id);
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }

  function focusEdge(id) {
    var e = edgeById[id];
    if (!e) { return; }
    if (!edgeOn[id]) { reveal(e.from); reveal(e.to); }
    unclusterFor(e.from);
    unclusterFor(e.to);
    network.selectEdges([id]);
    network.fit({ nodes: [e.from, e.to], maxZoomLevel: 1.3, animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showEdge(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) {
      var c = communityOfCluster(params.nodes[0]);
      if (c !== null) { showCommunity(c); } else { showNode(params.nodes[0]); }
    } else if (params.edges.length) {
      var e = params.edges[0];
      if (edgeById[e]) { showEdge(e); }
    } else {
      var hit = labelAt(params.pointer.DOM);
      if (hit) {
        network.selectNodes([hit]);
        if (communityOfCluster(hit) !== null) { showCommunity(communityOfCluster(hit)); } else { showNode(hit); }
      }
    }
  });
  network.on("doubleClick", function (params) {
    var c = params.nodes.length ? communityOfCluster(params.nodes[0]) : null;
    if (c !== null) { expandCommunity(c); }
  });

  // ---- labels, drawn on the canvas after each frame ----
  // Names keep a readable size on screen at any zoom (11 to 16 px by PageRank, bold for the
  // top ones, never below TOP_SIZE px for the TOP_NAMES first) and are drawn most important
  // first: a name that would overlap one already drawn gives way, so zooming in shows more
  // of them. Relation labels show on hover, on selection and when zoomed in.
  var TOP_NAMES = 20, TOP_SIZE = 13, EDGE_LABEL_SCALE = 0.85, LABEL_PAD = 4, ALONG = [0.5, 0.38, 0.62, 0.28, 0.72];
  var hover = { node: null, edge: null };
  network.on("hoverNode", function (p) { hover.node = p.node; network.redraw(); });
  network.on("blurNode", function () { hover.node = null; network.redraw(); });
  network.on("hoverEdge", function (p) { hover.edge = p.edge; network.redraw(); });
  network.on("blurEdge", function () { hover.edge = null; network.redraw(); });
  var widths = Object.create(null);
  function textWidth(ctx, text, weight) {
    var key = weight + "|" + text;
    if (!(key in widths)) { ctx.font = weight + " 100px " + FONT; widths[key] = ctx.measureText(text).width / 100; }
    return widths[key];
  }
  var FONT = "system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif";
  var drawn = { nodes: [], edges: [] };

  function Grid(cell) { this.cell = cell; this.cells = Object.create(null); }
  Grid.prototype.keys = function (r) {
    var out = [], c = this.cell;
    for (var x = Math.floor(r.x / c); x <= Math.floor((r.x + r.w) / c); x++) {
      for (var y = Math.floor(r.y / c); y <= Math.floor((r.y + r.h) / c); y++) { out.push(x + "," + y); }
    }
    return out;
  };
  Grid.prototype.free = function (r) {
    var cells = this.cells;
    return this.keys(r).every(function (k) {
      return !(cells[k] || []).some(function (q) { return r.x < q.x + q.w && q.x < r.x + r.w && r.y < q.y + q.h && q.y < r.y + r.h; });
    });
  };
  Grid.prototype.add = function (r) {
    var cells = this.cells;
    this.keys(r).forEach(function (k) { (cells[k] = cells[k] || []).push(r); });
  };

  function emphasis() {
    var out = Object.create(null), edgesOut = Object.create(null);
    var selected = network.getSelectedNodes().concat(hover.node ? [hover.node] : []);
    selected.forEach(function (id) {
      out[id] = true;
      network.getConnectedEdges(id).forEach(function (e) { edgesOut[e] = true; });
      network.getConnectedNodes(id).forEach(function (n) { out[n] = true; });
    });
    // A selected node selects its edges too: only an edge selected on its own, or hovered, must show.
    var edgesSelected = network.getSelectedNodes().length ? [] : network.getSelectedEdges();
    edgesSelected.concat(hover.edge ? [hover.edge] : []).forEach(function (e) {
      edgesOut[e] = "must";
      var edge = edgeById[e];
      if (edge) { out[edge.from] = true; out[edge.to] = true; }
    });
    return { nodes: out, edges: edgesOut };
  }

  function drawLabel(ctx, text, x, y, size, weight, alpha, color) {
    ctx.font = weight + " " + size + "px " + FONT;
    ctx.globalAlpha = alpha;
    ctx.lineWidth = Math.max(2, size / 4);
    ctx.strokeStyle = "rgba(255,255,255,0.92)";
    ctx.strokeText(text, x, y);
    ctx.fillStyle = color;
    ctx.fillText(text, x, y);
  }

  network.on("afterDrawing", function (ctx) {
    var body = network.body, scale = network.getScale(), t = body.view.translation;
    var width = container.clientWidth, height = container.clientHeight;
    var ratio = (network.canvas && network.canvas.pixelRatio) || window.devicePixelRatio || 1;
    var grid = new Grid(80), marked = emphasis();
    var nodeLabels = [], edgeLabels = [];
    ctx.save();
    ctx.setTransform(ratio, 0, 0, ratio, 0, 0);
    ctx.textAlign = "center";
    ctx.textBaseline = "top";
    labelOrder(body, marked).forEach(function (id) {
      var node = body.nodes[id], n = byId[id], cluster = communityOfCluster(id);
      if (!node || (!n && cluster === null)) { return; }
      var x = node.x * scale + t.x, y = node.y * scale + t.y;
      if (x < -200 || x > width + 200 || y < -50 || y > height + 50) { return; }
      var forced = cluster !== null || marked.nodes[id] || rankOf[id] < TOP_NAMES;
      // Zoomed out, only the more important names compete for room; zooming in lets in the rest.
      if (!forced && rankOf[id] >= 40 + 400 * scale * scale) { return; }
      var size = (11 + 5 * Math.sqrt(n ? n.pagerank : 0.16)) * Math.min(1.5, Math.max(1, scale));
      if (forced) { size = Math.max(size, TOP_SIZE); }
      var alpha = forced ? 1 : Math.max(0.55, 1 - rankOf[id] / 400);
      var text = cluster !== null ? data.communities[cluster].name + " (" + data.communities[cluster].size + ")" : n.label;
      var weight = cluster !== null || rankOf[id] < TOP_NAMES || marked.nodes[id] ? "600" : "400";
      var w = textWidth(ctx, text, weight) * size, h = size * 1.15;
      var radius = (node.options.size || 10) * scale;
      // Under the node, else above it, else (for the names that must show) beside it or a line further out.
      var spots = [{ x: x - w / 2, y: y + radius + 2 }, { x: x - w / 2, y: y - radius - 2 - h }];
      if (forced) {
        spots.push({ x: x + radius + 4, y: y - h / 2 }, { x: x - radius - 4 - w, y: y - h / 2 },
                   { x: x - w / 2, y: y + radius + 2 + h }, { x: x - w / 2, y: y - radius - 2 - 2 * h });
      }
      if (forced) {
        // Still no room: further out, on rings around the node, joined to it by a thin line.
        for (var ring = radius + h + 12; ring < radius + 170; ring += 14) {
          for (var a = 0; a < 12; a++) {
            var angle = Math.PI / 2 + a * Math.PI / 6;
            spots.push({ x: x + ring * Math.cos(angle) - w / 2, y: y + ring * Math.sin(angle) - h / 2, leader: true });
          }
        }
      }
      var box = null;
      for (var k = 0; k < spots.length && !box; k++) {
        var spot = { x: spots[k].x, y: spots[k].y, w: w, h: h, leader: spots[k].leader };
        if (grid.free(pad(spot))) { box = spot; }
      }
      if (!box && forced) { box = { x: spots[0].x, y: spots[0].y, w: w, h: h }; }
      if (!box) { return; }
      grid.add(pad(box));
      if (box.leader) {
        ctx.globalAlpha = 0.6;
        ctx.strokeStyle = "#555555";
        ctx.lineWidth = 0.8;
        ctx.beginPath();
        ctx.moveTo(x, y);
        ctx.lineTo(Math.max(box.x, Math.min(x, box.x + w)), box.y + (y < box.y ? 0 : h));
        ctx.stroke();
      }
      drawLabel(ctx, text, box.x + w / 2, box.y, size, weight, alpha, forced ? "#111111" : "#333333");
      nodeLabels.push({ id: id, text: text, size: size, alpha: alpha, x: box.x, y: box.y, w: w, h: h });
    });
    // Relation labels: the hovered and selected relations' first, then those of the selected
    // entity, then (zoomed in) the rest; each at the middle of its line, else further along it,
    // where it overlaps no name.
    var all = scale >= EDGE_LABEL_SCALE;
    var edgeOrder = body.edgeIndices.filter(function (id) { return marked.edges[id] === "must"; })
      .concat(body.edgeIndices.filter(function (id) { return marked.edges[id] === true; }))
      .concat(all ? body.edgeIndices.filter(function (id) { return !marked.edges[id]; }) : []);
    edgeOrder.forEach(function (id) {
      var e = edgeById[id], edge = body.edges[id];
      if (!e || !edge || !edge.connected) { return; }
      var size = 11, w = textWidth(ctx, e.label, "400") * size, h = size * 1.15, box = null;
      for (var k = 0; k < ALONG.length && !box; k++) {
        var p = edge.edgeType.getPoint(ALONG[k]), x = p.x * scale + t.x, y = p.y * scale + t.y;
        var spot = { x: x - w / 2, y: y - h / 2, w: w, h: h };
        if (x > -100 && x < width + 100 && y > -20 && y < height + 20 && grid.free(spot)) { box = spot; }
      }
      if (!box && marked.edges[id] === "must") {
        var mid = edge.edgeType.getPoint(0.5);
        box = { x: mid.x * scale + t.x - w / 2, y: mid.y * scale + t.y - h / 2, w: w, h: h };
      }
      if (!box) { return; }
      grid.add(box);
      drawLabel(ctx, e.label, box.x + w / 2, box.y, size, "400", 1, e.kind === "negated" ? "#c0392b" : "#555555");
      edgeLabels.push({ id: id, text: e.label, size: size, x: box.x, y: box.y, w: w, h: h });
    });
    ctx.restore();
    drawn = { nodes: nodeLabels, edges: edgeLabels };
  });
  function pad(r) { return { x: r.x - LABEL_PAD, y: r.y - LABEL_PAD / 2, w: r.w + 2 * LABEL_PAD, h: r.h + LABEL_PAD }; }
  // The nodes drawn now, in the order their names are placed: collapsed communities, the
  // selected or hovered node and its neighbours, then by PageRank.
  var byRank = data.nodes.map(function (n) { return n.id; }).sort(function (a, b) { return rankOf[a] - rankOf[b]; });
  function labelOrder(body, marked) {
    var shown = Object.create(null), first = [], out = [];
    body.nodeIndices.forEach(function (id) {
      shown[id] = true;
      if (communityOfCluster(id) !== null) { first.push(id); }
    });
    Object.keys(marked.nodes).sort(function (a, b) { return rankOf[a] - rankOf[b]; }).forEach(function (id) {
      if (shown[id]) { first.push(id); }
    });
    byRank.forEach(function (id) { if (shown[id] && !marked.nodes[id]) { out.push(id); } });
    return first.concat(out);
  }
  function labelAt(point) {
    var hit = null;
    drawn.nodes.forEach(function (l) {
      if (!hit && point.x >= l.x && point.x <= l.x + l.w && point.y >= l.y && point.y <= l.y + l.h) { hit = l.id; }
    });
    return hit;
  }

  mark("labels");
  // ---- search: by label or alias, exact first, then word start, then substring; PageRank breaks ties ----
  var names = [];
  data.nodes.forEach(function (n) {
    [n.label].concat(n.aliases).forEach(function (name) { names.push([name.toLowerCase(), n.id, name]); });
  });
  var datalist = document.getElementById("names");
  var seen = Object.create(null);
  names.slice().sort(function (a, b) { return byId[b[1]].pagerank - byId[a[1]].pagerank; }).forEach(function (entry) {
    if (seen[entry[2]]) { return; }
    seen[entry[2]] = true;
    var option = el("option");
    option.value = entry[2];
    datalist.appendChild(option);
  });

  function find(query) {
    var q = query.trim().toLowerCase();
    if (!q) { return null; }
    var best = null, bestScore = -1;
    names.forEach(function (entry) {
      var key = entry[0], score;
      if (key === q) { score = 3; }
      else if (key.indexOf(q) === 0 || key.indexOf(" " + q) >= 0) { score = 2; }
      else if (key.indexOf(q) >= 0) { score = 1; }
      else { return; }
      score = score * 10 + byId[entry[1]].pagerank;
      if (score > bestScore) { bestScore = score; best = entry[1]; }
    });
    return best;
  }

  var search = document.getElementById("search");
  var status = document.getElementById("search-status");
  document.getElementById("search-form").addEventListener("submit", function (ev) {
    ev.preventDefault();
    var id = find(search.value);
    status.textContent = id || !search.value.trim() ? "" : "no entity matches";
    if (id) { focusNode(id); }
  });
  document.addEventListener("keydown", function (ev) {
    if (ev.key === "/" && document.activeElement !== search) { ev.preventDefault(); search.focus(); }
  });

  mark("panel");
  network.setData({ nodes: nodeView, edges: edgeView });
  mark("data-set");
  if (precomputed) { fitView(false); }
  if (!data.nodes.length) {
    // Nothing to stabilize: vis-network sends no "stabilized" event for an empty network.
    document.body.setAttribute("data-stable", "1");
    clear(details);
    details.appendChild(el("p", "hint", "This graph has no entities."));
    showTab("details");
  }
  updateCounts();
  renderTopRelations();
  window.kgNetwork = network;
  window.kg = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, data: data,
                find: find, focusNode: focusNode, focusEdge: focusEdge, showNode: showNode, showEdge: showEdge,
                showCommunity: showCommunity, collapseCommunity: collapseCommunity, expandCommunity: expandCommunity,
                setDateRange: setDateRange, refresh: refresh, state: state, dates: dates,
                edgeShown: function (id) { return edgeOn[id] === true; },
                liveEvidence: function (id) { return liveEvidence[id].slice(); },
                labels: function () { return drawn; } };
})();
