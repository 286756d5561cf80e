// The article page: live progress, "Add as claim" from a text selection, and choosing a
// split point by clicking a word. Everything here has a form that works without it.
(function () {
  "use strict";

  // Offsets in the cleaned text are Python string indexes (code points); JavaScript
  // strings count UTF-16 units, which differ from them after an emoji or other astral character.
  function codePoints(s) { return Array.from(s).length; }

  // --- Live progress ---------------------------------------------------------------
  const box = document.getElementById("progress");
  if (box && box.dataset.pending === "1") {
    const wasProcessing = box.dataset.processing === "1";

    const setClasses = function (el, prefix, value) {
      Array.from(el.classList).filter(c => c.startsWith(prefix)).forEach(c => el.classList.remove(c));
      el.classList.add(prefix + value);
    };

    const apply = function (data) {
      const state = box.querySelector("[data-field=state]");
      state.textContent = data.state_label;
      setClasses(state, "state-", data.state);
      const error = box.querySelector("[data-field=error]");
      error.textContent = data.error_text || data.error;
      error.hidden = !data.error;
      const bar = box.querySelector(".progress");
      bar.value = data.percent;
      bar.textContent = data.percent + "%";
      Object.entries(data.counts).forEach(([name, n]) => {
        const el = box.querySelector('[data-count="' + name + '"]');
        if (el) el.textContent = n;
      });
      // A long article's poll carries only the counts (claims_omitted): its marks update on reload.
      (data.claims || []).forEach(function (c) {
        const mark = document.querySelector('mark[data-claim="' + c.id + '"]');
        if (mark) {
          setClasses(mark, "status-", c.status);
          setClasses(mark, "verif-", c.verification_state);
          mark.classList.toggle("notcw", !c.checkworthy);
        }
        const row = document.querySelector('tr[data-claim="' + c.id + '"]');
        if (!row) return;
        const status = row.querySelector("[data-field=status]");
        status.textContent = c.status_label;
        setClasses(status, "status-", c.status);
        const verif = row.querySelector("[data-field=verification]");
        verif.textContent = c.verification_label;
        setClasses(verif, "verif-", c.verification_state);
      });
    };

    const poll = function () {
      fetch(box.dataset.url, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(r => (r.ok ? r.json() : Promise.reject(r.status)))
        .then(function (data) {
          // The text and the claims appear only once processing ends: show them.
          if (wasProcessing && !data.processing) { window.location.reload(); return; }
          apply(data);
          if (data.pending) window.setTimeout(poll, 2000);
        })
        .catch(() => window.setTimeout(poll, 10000)); // a server hiccup: keep trying, slower
    };
    window.setTimeout(poll, 2000);
  }

  // --- Add a claim from a selection ---------------------------------------------------
  const root = document.getElementById("article-text");
  const pop = document.getElementById("add-claim-pop");
  if (root && pop) {
    const pieces = root.querySelectorAll("[data-offset]");

    // A selection boundary as an offset in the cleaned text. Every piece of text sits in
    // one element with its own data-offset, so a boundary inside a text node is that
    // offset plus the characters before it; a boundary between elements (a triple click,
    // a selection running past the text) is the start of the next piece, or the end.
    const offsetOf = function (node, offset) {
      if (node.nodeType === Node.TEXT_NODE) {
        const piece = node.parentElement && node.parentElement.closest("[data-offset]");
        if (piece && root.contains(piece)) return Number(piece.dataset.offset) + codePoints(node.data.slice(0, offset));
      }
      const probe = document.createRange();
      probe.setStart(node, offset);
      for (const piece of pieces) {
        if (probe.comparePoint(piece, 0) >= 0) return Number(piece.dataset.offset);
      }
      return Number(root.dataset.length);
    };

    const place = function () {
      const sel = window.getSelection();
      if (!sel.rangeCount || sel.isCollapsed) { pop.hidden = true; return; }
      const range = sel.getRangeAt(0);
      if (!range.intersectsNode(root)) { pop.hidden = true; return; }
      const start = offsetOf(range.startContainer, range.startOffset);
      const end = offsetOf(range.endContainer, range.endOffset);
      if (!(end > start)) { pop.hidden = true; return; }
      pop.querySelector("input[name=start]").value = start;
      pop.querySelector("input[name=end]").value = end;
      const rect = range.getBoundingClientRect();
      pop.style.top = (window.scrollY + rect.bottom + 6) + "px";
      pop.style.left = (window.scrollX + rect.left) + "px";
      pop.hidden = false;
    };

    let timer = null;
    document.addEventListener("selectionchange", function () {
      window.clearTimeout(timer);
      timer = window.setTimeout(place, 150);
    });
    // Pressing the button must not clear the selection before the click lands.
    pop.addEventListener("mousedown", event => event.preventDefault());
    document.addEventListener("keydown", function (event) {
      if (event.key === "Escape") pop.hidden = true;
    });
  }

  // --- Split: click the last word of the first part ------------------------------------
  document.querySelectorAll(".split-form").forEach(function (form) {
    const text = form.dataset.text;
    const words = form.querySelector(".split-words");
    const input = form.querySelector("input[name=at]");
    const re = /\S+/g;
    let m;
    while ((m = re.exec(text))) {
      const end = m.index + m[0].length;
      if (end >= text.length) break; // after the last word there is nothing to split off
      const b = document.createElement("button");
      b.type = "button";
      b.textContent = m[0];
      b.dataset.at = codePoints(text.slice(0, end));
      words.append(b, " ");
    }
    words.addEventListener("click", function (event) {
      const b = event.target.closest("button");
      if (!b) return;
      input.value = b.dataset.at;
      words.querySelectorAll(".chosen").forEach(x => x.classList.remove("chosen"));
      b.classList.add("chosen");
    });
    form.querySelector(".split-pick").hidden = false;
  });
})();
