// kg's graph page. Every string from the graph goes into the DOM with textContent or as a
// property value, never through innerHTML: article text is data, not markup.
(function () {
  "use strict";
  var data = JSON.parse(document.getElementById("kg-data").textContent);
  var byId = Object.create(null);
  data.nodes.forEach(function (n) { byId[n.id] = n; });
  var hidden = { types: Object.create(null), kinds: Object.create(null), predicates: Object.create(null),
                 isolated: false };

  function nodeShown(n) { return !hidden.types[n.kgType] && !(hidden.isolated && n.degree === 0); }
  function edgeShown(e) {
    return !hidden.kinds[e.kind] && !hidden.predicates[e.predicate] && nodeShown(byId[e.from]) && nodeShown(byId[e.to]);
  }

  var nodes = new vis.DataSet(data.nodes);
  var edges = new vis.DataSet(data.edges);
  var nodeView = new vis.DataView(nodes, { filter: nodeShown });
  var edgeView = new vis.DataView(edges, { filter: edgeShown });
  var container = document.getElementById("mynetwork");
  // data-ready: the network is drawn and answers input. data-stable: the nodes stopped moving
  // (at once when physics is off), so positions read now stay true. The listeners go on
  // before the data, because vis-network stabilizes while the data is set.
  var network = new vis.Network(container, { nodes: [], edges: [] }, data.options);
  network.once("afterDrawing", function () {
    document.body.setAttribute("data-ready", "1");
    if (!(data.options.physics && data.options.physics.enabled)) { document.body.setAttribute("data-stable", "1"); }
  });
  network.on("stabilized", function () { document.body.setAttribute("data-stable", "1"); });

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

  // ---- counts, notes, readiness ----
  var counts = document.getElementById("counts");
  function updateCounts() {
    counts.textContent = nodeView.length.toLocaleString("en") + " of " + plural(data.nodes.length, "entity", "entities") +
      ", " + edgeView.length.toLocaleString("en") + " of " + plural(data.edges.length, "relation") + " shown";
  }
  function refresh() { nodeView.refresh(); edgeView.refresh(); updateCounts(); }

  var notes = document.getElementById("notes");
  data.notes.forEach(function (text) { notes.appendChild(el("p", null, text)); });
  notes.hidden = data.notes.length === 0;


  // ---- filters and legend ----
  var typeBox = document.getElementById("type-filters");
  data.types.forEach(function (t) {
    var label = el("label");
    label.appendChild(checkbox(true, function (on) { hidden.types[t.name] = !on; refresh(); }));
    var swatch = el("span", "swatch");
    swatch.style.background = t.color;
    label.appendChild(swatch);
    label.appendChild(document.createTextNode(t.name + " "));
    label.appendChild(el("span", "count", t.count));
    typeBox.appendChild(label);
  });

  var kindBox = document.getElementById("kind-filters");
  data.kinds.forEach(function (k) {
    var label = el("label");
    label.title = k.name === "negated" ? "Relations that the text denies" : "";
    label.appendChild(checkbox(true, function (on) { hidden.kinds[k.name] = !on; refresh(); }));
    var line = el("span", "line" + (k.name === "hedged" ? " dotted" : k.dashes ? " dashed" : ""));
    line.style.borderTopColor = k.color;
    label.appendChild(line);
    label.appendChild(document.createTextNode(k.label + " "));
    label.appendChild(el("span", "count", k.count));
    kindBox.appendChild(label);
  });

  var predicateBox = document.getElementById("predicate-filters");
  var predicateInputs = [];
  data.predicates.forEach(function (p) {
    var label = el("label");
    var input = checkbox(true, function (on) { hidden.predicates[p.name] = !on; refresh(); });
    input.setAttribute("data-predicate", p.name);
    predicateInputs.push([input, p.name]);
    label.appendChild(input);
    label.appendChild(document.createTextNode(p.label + " "));
    label.appendChild(el("span", "count", p.count));
    predicateBox.appendChild(label);
  });
  document.querySelector("#predicate-box summary").textContent = "Predicates (" + data.predicates.length + ")";
  function setAllPredicates(on) {
    predicateInputs.forEach(function (pair) { pair[0].checked = on; hidden.predicates[pair[1]] = !on; });
    refresh();
  }
  document.getElementById("predicates-all").addEventListener("click", function () { setAllPredicates(true); });
  document.getElementById("predicates-none").addEventListener("click", function () { setAllPredicates(false); });

  document.getElementById("isolated").addEventListener("change", function (ev) {
    hidden.isolated = !ev.target.checked;
    refresh();
  });

  var physics = document.getElementById("physics");
  physics.checked = !!(data.options.physics && data.options.physics.enabled);
  physics.addEventListener("change", function () {
    network.setOptions({ physics: { enabled: physics.checked, solver: "forceAtlas2Based", stabilization: false } });
  });

  document.getElementById("size-by").addEventListener("change", function (ev) {
    var by = ev.target.value;
    nodes.update(data.nodes.map(function (n) { return { id: n.id, value: by === "degree" ? n.degree : n.pagerank }; }));
  });

  // ---- the side panel ----
  var details = document.getElementById("details");
  var rankOf = Object.create(null);
  data.nodes.slice().sort(function (a, b) { return b.pagerank - a.pagerank; })
    .forEach(function (n, i) { rankOf[n.id] = i + 1; });

  // The sentence as text nodes, with the subject and object mentions in <mark> elements.
  function quote(sentence, parts) {
    var block = el("blockquote");
    var ranges = [];
    parts.forEach(function (part) {
      if (!part) { return; }
      var at = sentence.indexOf(part);
      if (at >= 0 && !ranges.some(function (r) { return at < r[1] && at + part.length > r[0]; })) {
        ranges.push([at, at + part.length]);
      }
    });
    ranges.sort(function (a, b) { return a[0] - b[0]; });
    var pos = 0;
    ranges.forEach(function (r) {
      block.appendChild(document.createTextNode(sentence.slice(pos, r[0])));
      block.appendChild(el("mark", null, sentence.slice(r[0], r[1])));
      pos = r[1];
    });
    block.appendChild(document.createTextNode(sentence.slice(pos)));
    return block;
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
    item.appendChild(quote(ev.sentence, [ev.subjectText, ev.objectText]));
    var article = data.articles[ev.article] || {};
    var meta = el("div", "meta");
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
    item.appendChild(meta);
    item.appendChild(el("div", "meta", "\u201c" + (ev.relation || "") + "\u201d \u00b7 confidence " +
      Number(ev.confidence).toFixed(2) + (ev.rule ? " \u00b7 rule " + ev.rule : "")));
    return item;
  }

  function nodeLink(id) {
    var button = el("button", "link", byId[id] ? byId[id].label : id);
    button.type = "button";
    button.addEventListener("click", function () { focusNode(id); });
    return button;
  }

  function relationLine(e, parent) {
    parent.appendChild(nodeLink(e.from));
    parent.appendChild(document.createTextNode(" \u2014 " + e.label + " \u2014 "));
    parent.appendChild(nodeLink(e.to));
  }

  function showEdge(id) {
    var e = edges.get(id);
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
    meta.appendChild(document.createTextNode(plural(e.evidence.length, "sentence") + " of evidence"));
    details.appendChild(meta);
    var list = el("ul");
    e.evidence.forEach(function (i) { list.appendChild(evidenceItem(i)); });
    details.appendChild(list);
    details.setAttribute("data-showing", "edge:" + id);
  }

  function showNode(id) {
    var n = byId[id];
    if (!n) { return; }
    clear(details);
    details.appendChild(el("h2", null, n.label));
    var type = el("p", "meta");
    var badge = el("span", "badge", n.kgType);
    badge.style.background = n.color;
    type.appendChild(badge);
    type.appendChild(document.createTextNode("PageRank #" + rankOf[id] + " of " + data.nodes.length +
      " \u00b7 " + plural(n.degree, "related entity", "related entities")));
    details.appendChild(type);
    if (n.aliases.length) { details.appendChild(el("p", "meta aliases", "Also called: " + n.aliases.join(", "))); }
    details.appendChild(el("p", "meta", "Mentioned in " + plural(n.articles, "article")));
    var related = edges.get({ filter: function (e) { return e.from === id || e.to === id; } });
    if (!related.length) {
      details.appendChild(el("p", "hint", "No relation to another entity was read for it."));
    }
    related.forEach(function (e) {
      var box = el("details");
      box.open = related.length <= 6;
      var summary = el("summary");
      relationLine(e, summary);
      summary.appendChild(el("span", "count", " (" + e.evidence.length + ")"));
      box.appendChild(summary);
      var list = el("ul");
      e.evidence.forEach(function (i) { list.appendChild(evidenceItem(i)); });
      box.appendChild(list);
      details.appendChild(box);
    });
    details.setAttribute("data-showing", "node:" + id);
  }

  function focusNode(id) {
    var n = byId[id];
    if (!n) { return; }
    if (!nodeShown(n)) {
      hidden.types[n.kgType] = false;
      if (n.degree === 0) { hidden.isolated = false; document.getElementById("isolated").checked = true; }
      typeBox.querySelectorAll("input").forEach(function (input, i) {
        if (data.types[i].name === n.kgType) { input.checked = true; }
      });
      refresh();
    }
    network.selectNodes([id]);
    network.focus(id, { scale: Math.max(network.getScale(), 1.2), animation: { duration: 400, easingFunction: "easeInOutQuad" } });
    showNode(id);
  }

  network.on("click", function (params) {
    if (params.nodes.length) { showNode(params.nodes[0]); }
    else if (params.edges.length) { showEdge(params.edges[0]); }
  });

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

  network.setData({ nodes: nodeView, edges: edgeView });
  if (!data.nodes.length) {
    // Nothing to stabilize: vis-network sends no "stabilized" event for an empty network.
    document.body.setAttribute("data-stable", "1");
    clear(details);
    details.appendChild(el("p", "hint", "This graph has no entities."));
  }
  updateCounts();
  window.kgNetwork = network;
  window.kg = { network: network, nodes: nodes, edges: edges, nodeView: nodeView, edgeView: edgeView, data: data,
                find: find, focusNode: focusNode, showNode: showNode, showEdge: showEdge };
})();
