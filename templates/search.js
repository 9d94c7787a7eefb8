// Taper's search box. It reads the index in search/ (the format: the docs' "Search" page):
// meta.json once, then per query the term chunks (t/) of its words and the documents (d/) of
// the results shown. Words are stemmed as the index's are (for English, this file starts with
// templates/search-stem-en.js); the last word also matches the
// terms it begins (results as you type). `kind:plan` and `tag:<name>` in a query filter.
(function () {
  var input = document.getElementById("search-input"), list = document.getElementById("search-results"),
      status = document.getElementById("search-status");
  if (!input || !list || !window.fetch) return;
  var base = input.dataset.search, SHOWN = 8, files = {}, meta = null, stem = null, seq = 0, timer = 0;

  function get(path) {
    if (!files[path]) files[path] = fetch(base + path).then(function (r) {
      if (!r.ok) throw new Error(path + ": " + r.status);
      return r.json();
    });
    return files[path];
  }
  // In English the stemmer (search-stem-en.js) comes first in this file, as self.taperStem.
  function ready() {
    return get("meta.json").then(function (m) {
      meta = m;
      stem = m.stemmer === "english" && self.taperStem ? self.taperStem : function (w) { return w; };
    });
  }

  // Words as the index splits them: letters and digits, lower-cased, two characters or more.
  function words(text) {
    return text.toLowerCase().split(/[^\p{L}\p{N}]+/u).filter(function (w) { return Array.from(w).length > 1; });
  }
  // Postings text: 5 bits a character, low bits first; the first 32 characters end a number.
  var VALUE = new Int8Array(128);
  "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_".split("").forEach(function (c, i) { VALUE[c.charCodeAt(0)] = i; });
  function numbers(text) {
    var out = [], n = 0, shift = 0;
    for (var i = 0; i < text.length; i++) {
      var v = VALUE[text.charCodeAt(i) & 127];
      n += (v & 31) * Math.pow(2, shift);
      if (v < 32) { out.push(n); n = 0; shift = 0; } else shift += 5;
    }
    return out;
  }
  // The chunk a term is in: the last whose first term is not after it.
  function chunkOf(term) {
    var lo = 0, hi = meta.chunks.length - 1;
    while (lo < hi) {
      var mid = (lo + hi + 1) >> 1;
      if (meta.chunks[mid] <= term) lo = mid; else hi = mid - 1;
    }
    return lo;
  }
  function chunks(from, to) {
    var all = [];
    for (var i = from; i <= to; i++) all.push(get("t/" + i + ".json"));
    return Promise.all(all);
  }

  // Score by document id (0: no match) for one query word: its stem's postings; for the last word (or a
  // stem not in the index) also the terms the stem begins and the stems the word begins with.
  function match(word, last) {
    var term = stem(word), prefix = last || false, first = chunkOf(term), to = first;
    if (prefix) while (to + 1 < meta.chunks.length && to < first + 1 && meta.chunks[to + 1].indexOf(term) === 0) to++;
    var shorter = [];
    if (last) for (var n = Math.max(3, word.length - 3); n < word.length; n++) if (word.slice(0, n) !== term) shorter.push(word.slice(0, n));
    var from = shorter.length ? Math.max(first - 1, Math.min(first, chunkOf(shorter[0]))) : first;
    return chunks(from, to).then(function (cs) {
      var scores = new Float64Array(meta.docs), terms = [];
      function add(t, text, weight) {
        terms.push(t);
        var ns = numbers(text), id = 0;
        for (var i = 0; i < ns.length; i += 2) {
          id += ns[i];
          var s = ns[i + 1] * weight;
          if (s > scores[id]) scores[id] = s;
        }
      }
      var exact = false;
      cs.forEach(function (c) {
        if (typeof c[term] === "string") { add(term, c[term], 1); exact = true; }
        shorter.forEach(function (t) { if (typeof c[t] === "string") add(t, c[t], 0.6); });
      });
      if (prefix || !exact) cs.forEach(function (c) {
        for (var t in c) if (t !== term && t.indexOf(term) === 0) add(t, c[t], 0.7);
      });
      return { scores: scores, terms: terms };
    });
  }

  function filters(q) {
    var f = { kind: null, tag: null, text: [] };
    q.split(/\s+/).forEach(function (part) {
      var m = /^(kind|tag):(.+)$/i.exec(part);
      if (m) f[m[1].toLowerCase()] = m[2].toLowerCase(); else f.text.push(part);
    });
    return f;
  }
  function tagIds(name) {
    if (!name) return Promise.resolve(null);
    var n = meta.tags.findIndex(function (t) { return t[0].toLowerCase() === name; });
    if (n < 0) return Promise.resolve(new Set());
    return get("g/" + n + ".json").then(function (text) {
      var ids = new Set(), id = 0;
      numbers(text).forEach(function (d) { id += d; ids.add(id); });
      return ids;
    });
  }

  // The ranked results of a query: every word must match (scores add up).
  function search(q) {
    var f = filters(q), ws = words(f.text.join(" "));
    if (!ws.length) return Promise.resolve(null);
    return Promise.all(ws.map(function (w, i) { return match(w, i === ws.length - 1); }).concat([tagIds(f.tag)])).then(function (r) {
      var tags = r.pop(), range = f.kind ? meta.kinds[f.kind] || [0, 0] : [0, meta.docs], terms = [];
      r.forEach(function (m) { terms = terms.concat(m.terms); });
      // The best SHOWN (score down, then id) and the number of documents every word matched.
      var top = [], count = 0;
      for (var id = range[0]; id < range[1]; id++) {
        var s = 0;
        for (var i = 0; i < r.length; i++) {
          var t = r[i].scores[id];
          if (!t) { s = 0; break; }
          s += t;
        }
        if (!s || (tags && !tags.has(id))) continue;
        count++;
        if (top.length === SHOWN && s <= top[SHOWN - 1][0]) continue;
        var at = top.length;
        while (at > 0 && top[at - 1][0] < s) at--;
        top.splice(at, 0, [s, id]);
        if (top.length > SHOWN) top.pop();
      }
      return { hits: top, count: count, terms: new Set(terms) };
    });
  }

  // About 30 words of the text around its first matched word, matched words marked.
  function excerpt(text, terms) {
    var p = document.createElement("p"), re = /[\p{L}\p{N}]+/gu, tokens = [], m, hit = -1, stems = {};
    p.className = "search-excerpt";
    function matched(w) {
      w = w.toLowerCase();
      if (Array.from(w).length < 2) return false;
      if (!(w in stems)) stems[w] = terms.has(stem(w));
      return stems[w];
    }
    while ((m = re.exec(text))) {
      tokens.push(m);
      if (hit < 0 && matched(m[0])) hit = tokens.length - 1;
      if (hit >= 0 && tokens.length > hit + 20) break;
    }
    var start = Math.max(0, hit - 10), end = Math.min(tokens.length, start + 30);
    if (!tokens.length) return p;
    var at = tokens[start].index;
    if (start > 0) p.appendChild(document.createTextNode("… "));
    for (var i = start; i < end; i++) {
      var t = tokens[i];
      p.appendChild(document.createTextNode(text.slice(at, t.index)));
      if (matched(t[0])) {
        var mark = document.createElement("mark");
        mark.textContent = t[0];
        p.appendChild(mark);
      } else p.appendChild(document.createTextNode(t[0]));
      at = t.index + t[0].length;
    }
    if (end < tokens.length || re.lastIndex < text.length) p.appendChild(document.createTextNode(" …"));
    return p;
  }

  function close() { list.textContent = ""; list.hidden = true; }
  function show(found, docs) {
    list.textContent = "";
    docs.forEach(function (d) {
      var li = document.createElement("li"), a = document.createElement("a");
      a.href = d.url; a.textContent = d.title; li.appendChild(a);
      if (d.kind !== "article") {
        var info = document.createElement("span");
        info.className = "search-kind";
        info.textContent = d.kind === "plan" ? "Plan · " + d.level + " · " + d.weeks + " weeks" : "Guide";
        li.appendChild(info);
      }
      li.appendChild(excerpt(d.text, found.terms));
      list.appendChild(li);
    });
    var total = found.count;
    if (!total) { var li = document.createElement("li"); li.textContent = "No match"; list.appendChild(li); }
    list.hidden = false;
    status.textContent = (total === 1 ? "1 result" : total + " results") + (total > docs.length ? ", showing " + docs.length : "");
  }
  function run() {
    var q = input.value.trim(), n = ++seq;
    if (!q) { close(); status.textContent = ""; return; }
    ready().then(function () { return search(q); }).then(function (found) {
      if (n !== seq) return;
      if (!found) { close(); return; }
      return Promise.all(found.hits.slice(0, SHOWN).map(function (h) { return get("d/" + h[1] + ".json"); })).then(function (docs) {
        if (n === seq) show(found, docs);
      });
    }).catch(function () {
      if (n === seq) status.textContent = "Search is not available";
    });
  }

  input.addEventListener("input", function () { clearTimeout(timer); timer = setTimeout(run, 10); });
  function links() { return Array.prototype.slice.call(list.querySelectorAll("a")); }
  input.form.addEventListener("submit", function (e) {
    var first = links()[0];
    if (first) { e.preventDefault(); first.click(); } else if (input.value.trim()) e.preventDefault();
  });
  input.form.addEventListener("keydown", function (e) {
    var all = links(), at = all.indexOf(document.activeElement);
    if (e.key === "ArrowDown" || e.key === "ArrowUp") {
      if (!all.length) return;
      e.preventDefault();
      var next = e.key === "ArrowDown" ? at + 1 : at - 1;
      if (next < 0) input.focus(); else all[Math.min(next, all.length - 1)].focus();
    } else if (e.key === "Escape") {
      close(); input.focus();
    }
  });
  document.addEventListener("click", function (e) { if (!input.form.contains(e.target)) close(); });
  ready();
  if (input.value.trim()) run();
})();
