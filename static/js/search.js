// tribune search: finds statements as the reader types, in the index the
// build writes (/recherche/index.json). Accents and capitals do not matter,
// stop words are ignored, each word of the query matches the start of a
// word, every word must match, and title matches rank first.
(function () {
  "use strict";
  // Folding, as the build folds the text it indexes (package search): an
  // ASCII letter or digit is lowercased; another character is folded by
  // the index's table; failing that, a letter or digit of another script,
  // a combining mark or a format character is dropped; anything else
  // separates words.
  var table = {};
  var stop = {};
  var drop = /[\p{L}\p{Nd}\p{M}\p{Cf}]/u;
  var modifier = /\p{Lm}/u;
  function configure(idx) {
    table = idx.fold || {};
    stop = {};
    (idx.stop || "").split(" ").forEach(function (w) { stop[w] = true; });
  }
  function fold(s) {
    var out = "";
    for (var ch of s) {
      var c = ch.codePointAt(0);
      if (c < 128) {
        if (c >= 65 && c <= 90) out += String.fromCharCode(c + 32);
        else if ((c >= 97 && c <= 122) || (c >= 48 && c <= 57)) out += ch;
        else out += " ";
      } else if (Object.prototype.hasOwnProperty.call(table, ch)) {
        out += table[ch];
      } else if (!drop.test(ch) || modifier.test(ch)) {
        out += " ";
      }
    }
    return out;
  }
  function words(s) {
    return fold(s).split(" ").filter(function (w) { return w.length > 1 && !stop[w]; });
  }
  if (typeof module === "object" && module.exports) {
    // Node, for the test that folds as the build does.
    module.exports = { configure: configure, words: words };
    return;
  }

  var script = document.currentScript;
  var input = document.getElementById("q");
  var list = document.getElementById("search-results");
  var status = document.getElementById("search-status");
  if (!script || !input || !list || !status) return;
  var docs = null;
  var loading = null;

  function load() {
    if (!loading) {
      loading = fetch(script.dataset.index).then(function (r) { return r.json(); }).then(function (idx) {
        configure(idx);
        docs = idx.docs.map(function (d, i) {
          return { d: d, i: i, title: words(d.t), tags: words(d.g || ""), summary: words(d.s || ""), text: d.w.split(" ") };
        });
      });
    }
    return loading;
  }
  function hit(list, q) {
    for (var i = 0; i < list.length; i++) if (list[i].lastIndexOf(q, 0) === 0) return true;
    return false;
  }
  function score(doc, terms) {
    var total = 0;
    for (var i = 0; i < terms.length; i++) {
      var q = terms[i], s = 0;
      if (hit(doc.title, q)) s += 10;
      if (hit(doc.tags, q)) s += 5;
      if (hit(doc.summary, q)) s += 3;
      if (hit(doc.text, q)) s += 1;
      if (s === 0) return 0;
      total += s;
    }
    return total;
  }
  function show(query) {
    var terms = words(query);
    list.textContent = "";
    if (!terms.length) { status.textContent = ""; return; }
    var found = [];
    docs.forEach(function (doc) {
      var s = score(doc, terms);
      if (s > 0) found.push({ doc: doc, s: s });
    });
    // Best score first; among equals the index order, newest first.
    found.sort(function (a, b) { return b.s - a.s || a.doc.i - b.doc.i; });
    var n = found.length;
    status.textContent = n === 0 ? script.dataset.none : n === 1 ? script.dataset.single : script.dataset.plural.replace("%d", n);
    found.slice(0, 50).forEach(function (f) {
      var d = f.doc.d;
      var li = document.createElement("li");
      var kind = document.createElement("p");
      kind.className = "kind";
      kind.textContent = d.k;
      var h = document.createElement("h2");
      var a = document.createElement("a");
      a.href = d.u;
      a.textContent = d.t;
      h.appendChild(a);
      var meta = document.createElement("p");
      meta.className = "meta";
      var time = document.createElement("time");
      time.dateTime = d.i;
      time.textContent = d.d;
      meta.appendChild(time);
      li.appendChild(kind);
      li.appendChild(h);
      li.appendChild(meta);
      if (d.s) {
        var p = document.createElement("p");
        p.textContent = d.s;
        li.appendChild(p);
      }
      list.appendChild(li);
    });
  }
  var timer = 0;
  function update() {
    clearTimeout(timer);
    timer = setTimeout(function () {
      load().then(function () { show(input.value); });
    }, 80);
  }
  input.addEventListener("input", update);
  input.form.addEventListener("submit", function (e) { e.preventDefault(); update(); });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; update(); }
})();
