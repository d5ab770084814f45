// Sortable tables: a table marked data-sortable gets a button in each column header that sorts
// its rows by that column, ascending then descending, announced through aria-sort. Without
// script the table keeps the order the site chose. Only whole, unpaginated tables are marked:
// sorting one page of a paginated list would mislead.
(function () {
  "use strict";

  // key is what a cell sorts by: the machine value of a <data> or <time> when there is one (fen,
  // ISO dates), else a number written in the cell, else its text.
  function key(cell) {
    if (!cell) return { n: NaN, s: "" };
    var d = cell.querySelector("data[value]");
    if (d) return { n: parseFloat(d.getAttribute("value")), s: "" };
    var t = cell.querySelector("time[datetime]");
    if (t) return { n: NaN, s: t.getAttribute("datetime") };
    var s = cell.textContent.trim();
    var num = s.replace(/[,%\s]/g, "");
    if (/^-?\d+(\.\d+)?$/.test(num)) return { n: parseFloat(num), s: "" };
    return { n: NaN, s: s };
  }

  var collator = window.Intl && Intl.Collator ? new Intl.Collator(document.documentElement.lang || undefined, { numeric: true }) : null;

  function compare(a, b) {
    var an = !isNaN(a.n), bn = !isNaN(b.n);
    if (an && bn) return a.n - b.n;
    if (an !== bn) return an ? -1 : 1; // figures before dashes and blanks
    return collator ? collator.compare(a.s, b.s) : a.s < b.s ? -1 : a.s > b.s ? 1 : 0;
  }

  function setup(table) {
    var body = table.tBodies[0];
    var heads = table.tHead ? table.tHead.rows[0].cells : [];
    if (!body || body.rows.length < 2) return;
    Array.prototype.forEach.call(heads, function (th, col) {
      var b = document.createElement("button");
      b.type = "button";
      b.className = "sort";
      while (th.firstChild) b.appendChild(th.firstChild);
      th.appendChild(b);
      b.addEventListener("click", function () {
        var asc = th.getAttribute("aria-sort") !== "ascending";
        Array.prototype.forEach.call(heads, function (h) { h.removeAttribute("aria-sort"); });
        th.setAttribute("aria-sort", asc ? "ascending" : "descending");
        var rows = Array.prototype.slice.call(body.rows).map(function (r, i) {
          return { r: r, k: key(r.cells[col]), i: i };
        });
        rows.sort(function (x, y) { return (asc ? 1 : -1) * compare(x.k, y.k) || x.i - y.i; });
        rows.forEach(function (x) { body.appendChild(x.r); });
      });
    });
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("table[data-sortable]"), setup);
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
