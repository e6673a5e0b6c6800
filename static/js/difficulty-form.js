// The difficulty form: under the category, the online service that answers it (every
// active service is on the page, hidden, with its categories in `data-categories`);
// under the country, the embassy that will handle the report (the list `#embassies`).
// Without this script the form works the same: the page that follows the sending
// names the online service.
(function () {
  "use strict";

  function suggest() {
    var category = document.getElementById("id_category");
    var chosen = category ? category.value : "";
    var found = false;
    document.querySelectorAll("#service-suggestions [data-categories]").forEach(function (box) {
      var serves = box.getAttribute("data-categories").split(" ").indexOf(chosen) !== -1;
      box.hidden = !(chosen && serves && !found);
      found = found || !box.hidden;
    });
  }

  function nameEmbassy() {
    var country = document.getElementById("id_country");
    var line = document.getElementById("embassy-named");
    if (!country || !line) {
      return;
    }
    if (!country.value) {
      line.textContent = "";
      return;
    }
    var item = document.querySelector('#embassies [data-country="' + country.value + '"]');
    line.textContent = item
      ? line.getAttribute("data-named") + " " + item.textContent
      : line.getAttribute("data-none");
  }

  function start() {
    var category = document.getElementById("id_category");
    var country = document.getElementById("id_country");
    if (category) {
      category.addEventListener("change", suggest);
    }
    if (country) {
      country.addEventListener("change", nameEmbassy);
    }
    suggest();
    nameEmbassy();
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
