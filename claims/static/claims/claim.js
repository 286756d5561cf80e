// The verdict form, enhanced: a slider beside the confidence number, an "Add a source"
// button, and "Use as source" filling a source row in place (without JavaScript the same
// buttons submit the form with adopt=<kind>:<id> and the server adds the row).
(function () {
  "use strict";
  const form = document.getElementById("verdict-form");
  if (!form) return;
  const prefix = "src";
  const total = form.querySelector("input[name='" + prefix + "-TOTAL_FORMS']");
  const maxForms = form.querySelector("input[name='" + prefix + "-MAX_NUM_FORMS']");
  const rowsBox = document.getElementById("source-rows");
  const template = document.getElementById("source-template");
  const addButton = document.getElementById("add-source");

  // Confidence: number input stays the submitted field; the slider mirrors it.
  const confidence = form.querySelector("input[name='confidence']");
  if (confidence) {
    const slider = document.createElement("input");
    slider.type = "range"; slider.min = "0"; slider.max = "100"; slider.step = "1";
    slider.value = confidence.value || "50";
    slider.setAttribute("aria-label", confidence.labels && confidence.labels[0] ? confidence.labels[0].textContent : "");
    slider.tabIndex = -1;  // the number input is the keyboard control
    slider.addEventListener("input", function () { confidence.value = slider.value; });
    confidence.addEventListener("input", function () { if (confidence.value !== "") slider.value = confidence.value; });
    confidence.insertAdjacentElement("afterend", slider);
  }

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
    });
  });
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
      event.preventDefault();
      button.click();
    });
  });
})();
