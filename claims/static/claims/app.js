// Shared behaviour: the keyboard-shortcut help overlay, "g q" / "g m" to the queue and My
// work, the header's menu button on narrow screens, and the language list.
// Pages add their own shortcuts in their own script (queue.js, article.js, claim.js) and
// list them in the overlay ({% block shortcuts %}).
(function () {
  "use strict";
  const help = document.getElementById("help");
  let opener = null;
  // Keys are text while a field takes text; a radio button, a checkbox or a button does not.
  function typing(event) {
    const t = event.target;
    if (!t) return false;
    if (t.tagName === "INPUT") return !/^(radio|checkbox|button|submit|reset|range)$/.test(t.type);
    return t.isContentEditable || /^(TEXTAREA|SELECT)$/.test(t.tagName);
  }
  function toggleHelp(show) {
    if (!help) return;
    const open = show === undefined ? help.hidden : show;
    if (open && help.hidden) opener = document.activeElement;
    help.hidden = !open;
    if (open) help.querySelector(".help-close").focus();
    else if (opener && opener.focus) { opener.focus(); opener = null; }
  }
  document.querySelectorAll(".help-toggle").forEach(b => b.addEventListener("click", () => toggleHelp()));
  if (help) {
    help.querySelector(".help-close").addEventListener("click", () => toggleHelp(false));
    help.addEventListener("click", function (event) { if (event.target === help) toggleHelp(false); });
  }
  let pendingG = false;
  document.addEventListener("keydown", function (event) {
    if (event.key === "Escape" && help && !help.hidden) { toggleHelp(false); return; }
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    if (event.key === "?") { toggleHelp(); event.preventDefault(); return; }
    if (pendingG && event.key === "q") { window.location.href = "/queue/"; return; }
    if (pendingG && event.key === "m") { window.location.href = "/my-work/"; return; }
    pendingG = event.key === "g";
  });

  // The header folds into a "Menu" button on narrow screens (app.css); without JavaScript
  // the whole menu stays visible and wraps.
  const topbar = document.getElementById("topbar");
  const toggle = topbar && topbar.querySelector(".menu-toggle");
  if (toggle) {
    toggle.hidden = false;
    topbar.classList.add("foldable");
    toggle.addEventListener("click", function () {
      const open = toggle.getAttribute("aria-expanded") !== "true";
      toggle.setAttribute("aria-expanded", String(open));
      topbar.classList.toggle("open", open);
    });
  }

  // Filter panels start folded on a phone, open on a desktop.
  document.querySelectorAll("details.fold-narrow").forEach(function (box) {
    box.open = !window.matchMedia("(max-width: 700px)").matches;
  });

  // The language list changes the page at once; the button is there for no-JS visitors.
  document.querySelectorAll(".lang-switch select").forEach(function (select) {
    select.addEventListener("change", function () { select.form.submit(); });
  });
  window.factcheck = { typing: typing };
})();
