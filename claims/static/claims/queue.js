// Queue shortcuts (listed in the "?" overlay of base.html): j/k move, o/Enter open,
// a take the claim, x select it for a bulk action, / jump to the filters.
// Everything here has a no-JavaScript equivalent: links, the "Take" buttons, the checkboxes.
(function () {
  "use strict";
  const rows = Array.from(document.querySelectorAll("table.queue tbody tr[data-href]"));
  const filters = document.getElementById("filters");
  let current = -1;

  function select(index) {
    if (!rows.length) return;
    index = Math.max(0, Math.min(rows.length - 1, index));
    if (current >= 0 && rows[current]) rows[current].classList.remove("selected");
    current = index;
    const row = rows[current];
    row.classList.add("selected");
    row.scrollIntoView({ block: "nearest" });
  }

  rows.forEach(function (row, index) {
    row.addEventListener("click", function (event) {
      if (!event.target.closest("a, button, input, label")) select(index);
    });
  });

  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey) return;
    if (window.factcheck && window.factcheck.typing(event)) return;
    const row = current >= 0 ? rows[current] : null;
    switch (event.key) {
      case "j": select(current + 1); break;
      case "k": select(current < 0 ? 0 : current - 1); break;
      case "o":
      case "Enter":
        // Enter on a focused link or button keeps its own meaning.
        if (event.key === "Enter" && document.activeElement && document.activeElement.closest("a, button")) return;
        if (!row) return;
        window.location.href = row.dataset.href;
        break;
      case "a": {
        const take = row && row.querySelector("button.take");
        if (!take) return;
        take.click();  // a real POST with the CSRF token, the same as clicking "Take"
        break;
      }
      case "x": {
        const box = row && row.querySelector("input[type=checkbox]");
        if (!box) return;
        box.checked = !box.checked;
        break;
      }
      case "/": {
        const first = filters && filters.querySelector("input:not([type=hidden]), select");
        if (!first) return;
        const box = filters.closest("details");
        if (box) box.open = true;
        first.focus();
        break;
      }
      default: return;
    }
    event.preventDefault();
  });
})();
