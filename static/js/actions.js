// A task's link ends with the id of the section where its action is done
// (`#action-request-tranche`, `#actions`, `#referral-12`…). The browser scrolls there;
// this moves the keyboard focus to that section (it has tabindex="-1"), opens a
// folded form inside it, and marks it so the eye finds it (an outline: a tinted
// background would bring the section's buttons and notes below 4.5:1 contrast).
(function () {
  "use strict";

  function land() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    if (!id) {
      return;
    }
    var target = document.getElementById(id);
    if (!target || !target.hasAttribute("tabindex")) {
      return;
    }
    var folded = id !== "actions" && target.querySelector("details:not([open])");
    if (folded) {
      folded.open = true;
    }
    var marked = document.querySelector(".action-landed");
    if (marked) {
      marked.classList.remove("action-landed");
    }
    target.classList.add("action-landed");
    target.focus({ preventScroll: true });
    reveal(target);
  }

  // The browser puts the section at the very top, hiding what it is about (the
  // reference, the name, the panel's title): keep as much of the page above it in
  // view as still shows the whole section.
  function reveal(target) {
    window.scrollTo(0, 0);
    target.scrollIntoView({ block: "nearest" });
  }

  // The browser's own jump to the fragment comes once the page has loaded.
  window.addEventListener("load", function () {
    var marked = document.querySelector(".action-landed");
    if (marked) {
      window.setTimeout(function () {
        reveal(marked);
      }, 0);
    }
  });

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", land);
  } else {
    land();
  }
  window.addEventListener("hashchange", land);
})();
