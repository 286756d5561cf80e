// Shared behaviour: the keyboard-shortcut help overlay and "g q" to the queue.
// Pages add their own shortcuts in their own script (queue.js, article.js, claim.js).
(function () {
  "use strict";
  const help = document.getElementById("help");
  function typing(event) {
    const t = event.target;
    return t && (t.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(t.tagName));
  }
  function toggleHelp(show) {
    if (!help) return;
    help.hidden = show === undefined ? !help.hidden : !show;
    if (!help.hidden) help.querySelector(".help-close").focus();
  }
  document.querySelectorAll(".help-toggle").forEach(b => b.addEventListener("click", () => toggleHelp()));
  if (help) help.querySelector(".help-close").addEventListener("click", () => toggleHelp(false));
  let pendingG = false;
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    if (event.key === "?") { toggleHelp(); event.preventDefault(); return; }
    if (event.key === "Escape") { toggleHelp(false); return; }
    if (pendingG && event.key === "q") { window.location.href = "/queue/"; return; }
    pendingG = event.key === "g";
  });
  // The language list changes the page at once; the button is there for no-JS visitors.
  document.querySelectorAll(".lang-switch select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  window.factcheck = { typing: typing };
})();
