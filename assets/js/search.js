// Search as the reader types, over the index package site generates (generator/site/search.go).
// Progressive enhancement: every page works without this script; without it the search form is
// hidden (a <noscript> style) and the lists and filter pages remain. No dependencies.
//
// The index is fetched the first time the box gets focus or a query arrives in ?q=, never on
// page load, so readers who do not search download nothing. Results are built with textContent
// only: titles and names are data, never markup.
(function () {
  "use strict";

  var MAX = 20; // results shown; the status says how many matched

  // norm folds what a reader may type differently from the data: case, full-width Latin letters
  // and digits (common with Chinese input methods), and runs of spaces.
  function norm(s) {
    return String(s)
      .replace(/[\uff01-\uff5e]/g, function (c) { return String.fromCharCode(c.charCodeAt(0) - 0xfee0); })
      .replace(/\u3000/g, " ")
      .toLowerCase()
      .replace(/\s+/g, " ")
      .trim();
  }

  function fmt(s, n) { return String(s).replace("{n}", n); }

  function el(tag, cls, text) {
    var e = document.createElement(tag);
    if (cls) e.className = cls;
    if (text != null) e.textContent = text;
    return e;
  }

  // Index is the fetched index with a search text per project.
  function Index(raw, labels) {
    var f = {};
    raw.fields.forEach(function (name, i) { f[name] = i; });
    this.rows = raw.projects.map(function (p) {
      var provs = p[f.providers].map(function (i) { return raw.providers[i]; });
      var kinds = p[f.notices].map(function (n) { return labels.kinds[n.split(":")[0]] || ""; });
      var r = {
        id: p[f.id], title: p[f.title], body: raw.bodies[p[f.body]], item: raw.items[p[f.item]],
        year: p[f.year], status: p[f.status], providers: provs, notices: p[f.notices]
      };
      r.idN = norm(r.id);
      r.titleN = norm(r.title);
      r.text = norm([r.id, r.title, r.body, r.item, r.year, provs.join(" "), kinds.join(" ")].join(" "));
      return r;
    });
    this.project = raw.project;
    this.notice = raw.notice;
  }

  // find returns the projects matching every word of q, best first: an exact id, an id prefix, a
  // title holding the whole query, then the rest in index order (newest first).
  Index.prototype.find = function (q) {
    q = norm(q);
    if (!q) return [];
    var words = q.split(" ");
    var hits = [];
    this.rows.forEach(function (r, i) {
      for (var w = 0; w < words.length; w++) {
        if (r.text.indexOf(words[w]) < 0) return;
      }
      var score = r.idN === q ? 3 : r.idN.indexOf(q) === 0 ? 2 : r.titleN.indexOf(q) >= 0 ? 1 : 0;
      hits.push({ r: r, score: score, i: i });
    });
    hits.sort(function (a, b) { return b.score - a.score || a.i - b.i; });
    return hits.map(function (h) { return h.r; });
  };

  var cache = {}; // index URL → promise, shared by every form on the page

  function load(url, labels) {
    if (!cache[url]) {
      cache[url] = fetch(url, { credentials: "same-origin" })
        .then(function (res) {
          if (!res.ok) throw new Error(res.status + " " + url);
          return res.json();
        })
        .then(function (raw) {
          if (raw.v !== 1) throw new Error("search index version " + raw.v);
          return new Index(raw, labels);
        });
      cache[url].catch(function () { delete cache[url]; }); // let a later focus retry
    }
    return cache[url];
  }

  function setup(form) {
    var input = form.querySelector("input[type=search]");
    var status = form.querySelector("[role=status]");
    var list = form.querySelector(".results");
    var labels = JSON.parse(form.getAttribute("data-labels"));
    var root = form.getAttribute("data-root").replace(/\/$/, "");
    var url = form.getAttribute("data-index");
    var index = null, loading = false, failed = false, timer = 0, shown = "";

    function href(tpl, id, kind) {
      return root + tpl.replace("{id}", id).replace("{kind}", kind || "");
    }

    function render() {
      var q = input.value;
      if (norm(q) === shown) return;
      shown = norm(q);
      list.textContent = "";
      if (!shown) { status.textContent = ""; return; }
      if (!index) { status.textContent = failed ? labels.failed : labels.loading; return; }
      var hits = index.find(q);
      hits.slice(0, MAX).forEach(function (r) {
        var li = el("li");
        var a = el("a", null, r.title);
        a.href = href(index.project, r.id);
        li.appendChild(a);
        li.appendChild(document.createTextNode(" "));
        li.appendChild(el("span", "code", r.id));
        var meta = [r.body, r.year, labels.status[r.status] || ""];
        if (r.providers.length) meta.push(r.providers.join("、"));
        li.appendChild(el("span", "meta", meta.filter(Boolean).join(" · ")));
        if (r.notices.length) {
          var ns = el("span", "notices");
          r.notices.forEach(function (n) {
            var parts = n.split(":");
            var id = parts[1] ? r.id + "-" + parts[1] : r.id;
            var label = (labels.kinds[parts[0]] || parts[0]) + (parts[1] ? "（" + parts[1] + "）" : "");
            var na = el("a", null, label);
            na.href = href(index.notice, id, parts[0]);
            ns.appendChild(na);
            ns.appendChild(document.createTextNode(" "));
          });
          li.appendChild(ns);
        }
        list.appendChild(li);
      });
      var msg = hits.length ? fmt(labels.count, hits.length) : labels.none;
      if (hits.length > MAX) msg += " " + fmt(labels.more, MAX);
      status.textContent = msg;
    }

    function start() {
      if (index || loading) return;
      loading = true;
      load(url, labels).then(function (ix) {
        index = ix; loading = failed = false; shown = null; render();
      }, function () {
        loading = false; failed = true; shown = null; render();
      });
    }

    input.addEventListener("focus", start);
    input.addEventListener("input", function () {
      start();
      clearTimeout(timer);
      timer = setTimeout(render, 60);
    });
    // Enter keeps the reader here, with the query in the address so the results can be shared.
    // If the index could not be loaded, the form submits as plain HTML to the project list.
    form.addEventListener("submit", function (e) {
      if (failed) return;
      e.preventDefault();
      start();
      render();
      if (window.history && history.replaceState) {
        var u = new URL(window.location.href);
        if (norm(input.value)) u.searchParams.set("q", input.value); else u.searchParams.delete("q");
        history.replaceState(null, "", u);
      }
      var first = list.querySelector("a");
      if (first) first.focus();
    });
    // Arrow keys move between the box and the result titles; Escape clears.
    form.addEventListener("keydown", function (e) {
      var links = Array.prototype.slice.call(list.querySelectorAll("li > a"));
      var at = links.indexOf(document.activeElement);
      if (e.key === "ArrowDown" && (e.target === input || at >= 0) && links.length) {
        e.preventDefault();
        links[Math.min(at + 1, links.length - 1)].focus();
      } else if (e.key === "ArrowUp" && at >= 0) {
        e.preventDefault();
        if (at === 0) input.focus(); else links[at - 1].focus();
      } else if (e.key === "Escape" && input.value) {
        input.value = "";
        render();
        input.focus();
      }
    });

    var q = new URLSearchParams(window.location.search).get("q");
    if (q) {
      input.value = q;
      start();
      render();
    }
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("form.search[data-index]"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
