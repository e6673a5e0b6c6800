// Tables whose rows the user adds and removes (budget lines, contributions, criteria).
// A button `data-add-row="PREFIX"` copies `<template id="PREFIX-empty">` into
// `#PREFIX-rows`, numbering it with the formset's TOTAL_FORMS (`__prefix__`, from 0)
// and naming it for people (`__num__` in its labels, from 1); a button
// `data-remove-row` removes its `[data-row]`. A removed row is simply missing from
// what is posted, and the server skips it like a blank row.
(function () {
  "use strict";

  function announce(element) {
    element.dispatchEvent(new Event("rows-changed", { bubbles: true }));
  }

  document.addEventListener("click", function (event) {
    var add = event.target.closest("[data-add-row]");
    if (add) {
      event.preventDefault();
      var prefix = add.getAttribute("data-add-row");
      var total = document.getElementById("id_" + prefix + "-TOTAL_FORMS");
      var maximum = document.getElementById("id_" + prefix + "-MAX_NUM_FORMS");
      var template = document.getElementById(prefix + "-empty");
      var body = document.getElementById(prefix + "-rows");
      if (!total || !template || !body) {
        return;
      }
      var index = parseInt(total.value, 10) || 0;
      if (maximum && index >= parseInt(maximum.value, 10)) {
        return;
      }
      body.insertAdjacentHTML("beforeend", template.innerHTML.replace(/__prefix__/g, String(index)).replace(/__num__/g, String(index + 1)));
      total.value = String(index + 1);
      var first = body.lastElementChild && body.lastElementChild.querySelector("input, select");
      if (first) {
        first.focus();
      }
      announce(add);
      return;
    }
    var remove = event.target.closest("[data-remove-row]");
    if (remove) {
      event.preventDefault();
      var row = remove.closest("[data-row]");
      var form = remove.closest("form");
      if (row) {
        row.remove();
      }
      if (form) {
        announce(form);
      }
    }
  });
})();
