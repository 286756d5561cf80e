// The claim page, enhanced (everything here has a form that works without it):
// - the verdict form: a slider beside the confidence number, "Add a source", "Use as
//   source" filling a source row in place (without JavaScript the same buttons submit the
//   form with adopt=<kind>:<id> and the server adds the row);
// - after a refused save, the first field in error gets the focus;
// - keyboard: 1-9 choose the rating, c / e / s go to confidence / explanation / sources,
//   Ctrl+Enter saves, n or Ctrl+Shift+Enter saves and opens the next claim, h the history
//   (all listed in the "?" overlay);
// - drafts survive a closed tab or a crash: the form is kept in this browser's storage as
//   it is typed and restored with a notice, never over a newer saved version unasked.
(function () {
  "use strict";
  const typing = window.factcheck ? window.factcheck.typing : function () { return false; };
  const history = document.getElementById("history-box");
  const form = document.getElementById("verdict-form");

  document.addEventListener("keydown", function (event) {
    if (event.key === "h" && !event.ctrlKey && !event.metaKey && !event.altKey && !typing(event) && history) {
      history.open = !history.open;
      if (history.open) history.querySelector("summary").focus();
      event.preventDefault();
    }
  });
  if (!form) return;

  const prefix = "src";
  const total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
  const maxForms = form.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
  const rowsBox = document.getElementById("source-rows");
  const template = document.getElementById("source-template");
  const addButton = document.getElementById("add-source");
  const version = form.querySelector("input[name='version']");
  const canSave = form.dataset.readonly !== "1";

  // --- Confidence: the number is the submitted field and the keyboard control; the slider
  // mirrors it and shows "not set" (no thumb) while the number is empty.
  const confidence = form.querySelector("input[name='confidence']");
  if (confidence) {
    const slider = document.createElement("input");
    slider.type = "range"; slider.min = "0"; slider.max = "100"; slider.step = "1";
    slider.className = "confidence-slider";
    slider.setAttribute("aria-label", confidence.labels && confidence.labels[0] ? confidence.labels[0].textContent : "");
    slider.tabIndex = -1;
    const unset = confidence.dataset.unset || "";
    const show = function () {
      const empty = confidence.value === "";
      slider.classList.toggle("unset", empty);
      slider.value = empty ? "0" : confidence.value;  // no thumb, no filled half: nothing chosen
      slider.setAttribute("aria-valuetext", empty ? unset : confidence.value);
    };
    slider.addEventListener("input", function () {
      confidence.value = slider.value;
      show();
      confidence.dispatchEvent(new Event("input", { bubbles: true }));
    });
    confidence.addEventListener("input", show);
    confidence.insertAdjacentElement("afterend", slider);
    show();
    confidence.factcheckShow = show;
  }

  // --- Source rows ---------------------------------------------------------------------
  function rows() { return Array.from(rowsBox.querySelectorAll(".source-row")); }

  function blank(row) {
    return ["url", "title", "quote"].every(function (name) {
      const field = row.querySelector("[name$='-" + name + "']");
      return !field || field.value.trim() === "";
    });
  }

  function addRow() {
    const n = parseInt(total.value, 10);
    if (maxForms && n >= parseInt(maxForms.value, 10)) return null;
    const html = template.innerHTML.replace(/__prefix__/g, String(n));
    rowsBox.insertAdjacentHTML("beforeend", html);
    total.value = String(n + 1);
    const row = rows()[rows().length - 1];
    const legend = row.querySelector("legend");
    if (legend) legend.textContent = legend.textContent.trim() + " " + (n + 1);
    return row;
  }

  if (addButton && template && total) {
    addButton.hidden = false;
    addButton.addEventListener("click", function () {
      const row = addRow();
      if (row) row.querySelector("[name$='-url']").focus();
    });
  }

  document.querySelectorAll("button.adopt").forEach(function (button) {
    button.addEventListener("click", function (event) {
      const row = rows().find(blank) || addRow();
      if (!row) return;  // no room left: let the server say so
      event.preventDefault();
      const set = function (name, value) {
        const field = row.querySelector("[name$='-" + name + "']");
        if (field && value !== undefined) field.value = value;
      };
      set("url", button.dataset.url || "");
      set("title", button.dataset.title || "");
      set("quote", button.dataset.quote || "");
      set("stance", button.dataset.stance || "context");
      row.scrollIntoView({ block: "center" });
      // Without a public URL (a library document without one) the reviewer types it.
      const focus = row.querySelector(button.dataset.url ? "[name$='-stance']" : "[name$='-url']");
      if (focus) focus.focus();
      button.textContent = button.dataset.done || button.textContent;
      form.dispatchEvent(new Event("input"));
    });
  });

  // --- After a refused save: the first field in error gets the focus ----------------------
  // After the page has loaded: the browser's own scroll to #verdict-form moves the focus to
  // the page itself when it runs, so focusing earlier would be undone.
  const summary = document.getElementById("form-errors");
  if (summary) {
    const focusFirst = function () {
      const target = form.querySelector("[aria-invalid='true']") ||
        (document.getElementById("sources-problem") ? form.querySelector("[name$='-url']") : null);
      if (!target) return;
      target.focus({ preventScroll: true });
      target.scrollIntoView({ block: "center" });
    };
    if (document.readyState === "complete") window.setTimeout(focusFirst, 0);
    else window.addEventListener("load", function () { window.setTimeout(focusFirst, 0); });
  }

  // --- Keyboard ----------------------------------------------------------------------------
  const ratings = Array.from(form.querySelectorAll("input[name='rating']"));
  function press(value) {
    const button = form.querySelector("button[name='action'][value='" + value + "']");
    if (button) form.requestSubmit(button);
  }
  document.addEventListener("keydown", function (event) {
    if (event.key === "Enter" && (event.ctrlKey || event.metaKey)) {
      if (!canSave) return;
      press(event.shiftKey ? "save_next" : "save");
      event.preventDefault();
      return;
    }
    // A key a focused element already used (Y/N on a proposal) is not also a page shortcut.
    if (event.defaultPrevented || event.ctrlKey || event.metaKey || event.altKey || typing(event)) return;
    const help = document.getElementById("help");
    if (help && !help.hidden) return;
    let target = null;
    if (/^[1-9]$/.test(event.key)) {
      const radio = ratings[parseInt(event.key, 10) - 1];
      if (!radio) return;
      radio.checked = true;
      radio.dispatchEvent(new Event("change", { bubbles: true }));
      target = radio;
    } else if (event.key === "c") {
      target = confidence;
    } else if (event.key === "e") {
      target = form.querySelector("textarea[name='explanation']");
    } else if (event.key === "s") {
      target = rows().map(function (row) { return row.querySelector("[name$='-url']"); }).find(function (f) { return f && f.value.trim() === ""; })
        || form.querySelector("[name$='-url']");
    } else if (event.key === "n" && canSave) {
      press("save_next");
      event.preventDefault();
      return;
    }
    if (!target) return;
    target.focus();
    target.scrollIntoView({ block: "nearest" });
    event.preventDefault();
  });

  // --- Drafts survive a closed tab or a crash ------------------------------------------------
  let storage = null;
  try { storage = window.localStorage; } catch (e) { storage = null; }
  const notice = document.getElementById("draft-notice");
  if (!storage || !notice) return;
  const key = "factcheck:draft:" + form.dataset.user + ":" + form.dataset.claim;
  const SKIP = /^(csrfmiddlewaretoken|version|seen_history|action|adopt|src-(INITIAL|MIN_NUM|MAX_NUM)_FORMS)$/;

  function values() {
    const out = {};
    form.querySelectorAll("input, textarea, select").forEach(function (el) {
      if (!el.name || SKIP.test(el.name) || el.type === "submit" || el.type === "button" || el.type === "range") return;
      if (el.type === "radio") { if (el.checked) out[el.name] = el.value; return; }
      if (el.type === "checkbox") { out[el.name] = el.checked ? "on" : ""; return; }
      out[el.name] = el.value;
    });
    return out;
  }
  function meaningful(fields) {
    // Blank source rows and the rows count alone are not a draft.
    const out = {};
    Object.keys(fields).forEach(function (name) {
      if (name.endsWith("TOTAL_FORMS")) return;
      if (/-stance$/.test(name) && fields[name] === "context") return;
      if (fields[name] !== "") out[name] = fields[name];
    });
    return out;
  }
  function same(a, b) {
    const x = meaningful(a), y = meaningful(b);
    const keys = Object.keys(x);
    return keys.length === Object.keys(y).length && keys.every(function (k) { return x[k] === y[k]; });
  }
  function read() {
    try { return JSON.parse(storage.getItem(key) || "null"); } catch (e) { return null; }
  }
  function write(draft) {
    try { storage.setItem(key, JSON.stringify(draft)); } catch (e) { /* storage full or off: nothing to do */ }
  }
  function forget() { storage.removeItem(key); }
  function apply(fields) {
    const wanted = parseInt(fields[prefix + "-TOTAL_FORMS"] || "0", 10);
    while (total && parseInt(total.value, 10) < wanted && addRow()) { /* rows for every saved source */ }
    Object.keys(fields).forEach(function (name) {
      if (name.endsWith("TOTAL_FORMS")) return;
      const els = form.querySelectorAll("[name='" + name.replace(/'/g, "\\'") + "']");
      els.forEach(function (el) {
        if (el.type === "radio") el.checked = el.value === fields[name];
        else if (el.type === "checkbox") el.checked = fields[name] === "on";
        else el.value = fields[name];
      });
    });
    if (confidence && confidence.factcheckShow) confidence.factcheckShow();
  }
  function when(iso) {
    try {
      return new Date(iso).toLocaleTimeString(document.documentElement.lang || undefined, { hour: "2-digit", minute: "2-digit" });
    } catch (e) { return ""; }
  }
  function say(text, buttons) {
    notice.textContent = "";
    const p = document.createElement("span");
    p.textContent = text;
    notice.append(p);
    (buttons || []).forEach(function (b) {
      const button = document.createElement("button");
      button.type = "button";
      button.className = "link";
      button.textContent = b.label;
      button.addEventListener("click", b.action);
      notice.append(" ", button);
    });
    notice.hidden = false;
  }
  function discardButton() {
    return {
      label: notice.dataset.discard,
      action: function () {
        forget();
        apply(loaded);
        notice.hidden = true;
        base = loadedBase;
        if (version) version.value = loadedBase;
      },
    };
  }

  const loaded = values();
  const loadedBase = version ? version.value : "";
  let base = loadedBase;
  const refused = !!document.getElementById("form-errors") || !!document.getElementById("conflict");
  const stored = read();

  if (refused) {
    // The server gave the form back with the user's values (errors, or a conflict): they
    // are the newest draft there is.
    write({ base: base, savedAt: new Date().toISOString(), submitted: false, fields: loaded });
  } else if (stored && stored.fields) {
    if (same(stored.fields, loaded) || (stored.submitted && stored.base !== loadedBase)) {
      forget();  // saved (the version moved on since it was sent)
    } else if (stored.base === loadedBase) {
      // Nobody saved since the draft began (the tab closed, the browser crashed, or the save
      // never arrived): it is the user's latest work, over the version it was based on.
      apply(stored.fields);
      say(notice.dataset.restored.replace("%(time)s", when(stored.savedAt)), [discardButton()]);
    } else {
      // A newer version was saved since: shown as saved; the draft only on request, and then
      // with the old version, so saving it shows the conflict instead of overwriting.
      say(notice.dataset.older.replace("%(time)s", when(stored.savedAt)), [
        {
          label: notice.dataset.show,
          action: function () {
            apply(stored.fields);
            base = stored.base;
            if (version) version.value = stored.base;
            say(notice.dataset.shown, [discardButton()]);
          },
        },
        discardButton(),
      ]);
    }
  }

  let timer = null;
  function keep() {
    const now = values();
    if (same(now, loaded) && base === loadedBase) { forget(); return; }
    write({ base: base, savedAt: new Date().toISOString(), submitted: false, fields: now });
  }
  form.addEventListener("input", function () { window.clearTimeout(timer); timer = window.setTimeout(keep, 300); });
  form.addEventListener("change", function () { window.clearTimeout(timer); timer = window.setTimeout(keep, 300); });
  form.addEventListener("submit", function () {
    window.clearTimeout(timer);
    keep();
    const draft = read();
    if (draft) { draft.submitted = true; write(draft); }
  });
  window.addEventListener("pagehide", keep);
})();

// The matcher's proposals: with one in focus (Tab, or a click), Y marks it the same claim
// and N not the same; the buttons say so for those who do not use keys.
(function () {
  "use strict";
  document.querySelectorAll("[data-proposal]").forEach(function (proposal) {
    proposal.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey) return;
      if (event.target !== proposal) return;  // typing in a field of the proposal
      const button = proposal.querySelector("form.mark button[data-key='" + event.key.toLowerCase() + "']");
      if (!button) return;
      // N here marks "not the same"; it must not also save the verdict and open the next claim.
      event.preventDefault();
      event.stopPropagation();
      button.click();
    });
  });
})();
