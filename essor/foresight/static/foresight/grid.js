/* Foresight grids: keyboard navigation and pasting a block from a spreadsheet.
   Progressive enhancement: without it the grid is a plain form. No build step. */
(function () {
  "use strict";

  function cellAt(table, row, col) {
    var r = table.tBodies[0].rows[row];
    if (!r) return null;
    var inputs = r.querySelectorAll("input");
    return inputs[col] || null;
  }

  function position(input) {
    var td = input.closest("td");
    var tr = td.parentElement;
    var cols = Array.prototype.indexOf.call(tr.querySelectorAll("td"), td);
    var rows = Array.prototype.indexOf.call(tr.parentElement.rows, tr);
    return { row: rows, col: cols };
  }

  function parseBlock(text) {
    var lines = text.replace(/\r\n?/g, "\n").replace(/\n+$/, "").split("\n");
    var sep = lines[0].indexOf("\t") >= 0 ? "\t" : (lines[0].indexOf(";") >= 0 ? ";" : ",");
    return lines.map(function (line) { return line.split(sep).map(function (v) { return v.trim(); }); });
  }

  function onPaste(event) {
    var input = event.target;
    var data = (event.clipboardData || window.clipboardData);
    if (!data) return;
    var text = data.getData("text/plain") || data.getData("text");
    if (!text || (text.indexOf("\t") < 0 && text.indexOf("\n") < 0 && text.indexOf(";") < 0)) return;
    event.preventDefault();
    var table = input.closest("table");
    var start = position(input);
    parseBlock(text).forEach(function (values, i) {
      values.forEach(function (value, j) {
        var target = cellAt(table, start.row + i, start.col + j);
        if (target && !target.readOnly) target.value = value;
      });
    });
  }

  function onKey(event) {
    var input = event.target;
    var table = input.closest("table");
    var p = position(input);
    var target = null;
    var atStart = input.selectionStart === 0 && input.selectionEnd === 0;
    var atEnd = input.selectionStart === input.value.length;
    switch (event.key) {
      case "ArrowUp": target = cellAt(table, p.row - 1, p.col); break;
      case "ArrowDown": case "Enter": target = cellAt(table, p.row + 1, p.col); break;
      case "ArrowLeft": if (atStart || input.value === "") target = cellAt(table, p.row, p.col - 1); break;
      case "ArrowRight": if (atEnd) target = cellAt(table, p.row, p.col + 1); break;
      default: return;
    }
    if (event.key === "Enter") event.preventDefault();
    if (target) {
      event.preventDefault();
      target.focus();
      target.select();
    }
  }

  function init(root) {
    root.querySelectorAll("table[data-foresight-grid] input").forEach(function (input) {
      if (input.dataset.foresightReady) return;
      input.dataset.foresightReady = "1";
      input.addEventListener("paste", onPaste);
      input.addEventListener("keydown", onKey);
    });
  }

  document.addEventListener("DOMContentLoaded", function () { init(document); });
  document.addEventListener("htmx:load", function (event) { init(event.target); });
})();
