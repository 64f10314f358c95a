// Partner Portal behaviour, kept out of the HTML so the Content-Security-Policy can forbid
// inline scripts. Every hook is a data- attribute; pages without it are untouched.
(function () {
  "use strict";

  // <form data-confirm="Question?">: ask before submitting.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);

  // <button data-toggle="element-id">: open and close the phone menu.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-toggle]");
    if (button) {
      var target = document.getElementById(button.dataset.toggle);
      if (target) {
        var open = target.classList.toggle("open");
        button.setAttribute("aria-expanded", open ? "true" : "false");
      }
    }
  });

  // <button data-copy="input-id" data-copied="Copied">: copy the input's value to the clipboard
  // (a reseller's client registration link), selecting it where the clipboard is unavailable.
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-copy]");
    if (!button) { return; }
    var input = document.getElementById(button.dataset.copy);
    if (!input) { return; }
    input.select();
    var done = function () {
      if (button.dataset.copied) { button.textContent = button.dataset.copied; }
    };
    if (navigator.clipboard && window.isSecureContext) {
      navigator.clipboard.writeText(input.value).then(done, function () {});
    } else if (document.execCommand && document.execCommand("copy")) {
      done();
    }
  });

  // <select data-autosubmit>: the organization switcher submits on change.
  document.addEventListener("change", function (event) {
    if (event.target.matches("select[data-autosubmit]")) {
      event.target.form.submit();
    }
  });

  // Employee form: features above the chosen level's ceiling cannot be ticked (the server
  // refuses them too). At the levels the server lists in "everything-levels" the person has every
  // feature whatever is ticked (the policy's rule, not repeated here).
  function applyCeilings() {
    var data = document.getElementById("level-ceilings");
    var level = document.getElementById("id_level");
    if (!data || !level) { return; }
    var ceilings = JSON.parse(data.textContent);
    var allowed = ceilings[level.value] || [];
    var everythingData = document.getElementById("everything-levels");
    var everything = !!everythingData &&
      JSON.parse(everythingData.textContent).indexOf(level.value) !== -1;
    document.querySelectorAll("#employee-form [data-feature]").forEach(function (label) {
      var box = label.querySelector("input");
      var ok = allowed.indexOf(label.dataset.feature) !== -1;
      // What the person ticked is remembered, so trying another level and coming back
      // restores it instead of silently dropping access.
      if (box.dataset.wanted === undefined) { box.dataset.wanted = box.checked ? "1" : ""; }
      box.disabled = !ok || everything;
      box.checked = everything || (ok && box.dataset.wanted === "1");
      label.classList.toggle("disabled", !ok);
      var note = label.querySelector(".ceiling-note");
      if (note) { note.hidden = ok; }
    });
  }

  document.addEventListener("change", function (event) {
    if (event.target.id === "id_level" && document.getElementById("level-ceilings")) {
      applyCeilings();
    } else if (event.target.closest && event.target.closest("#employee-form [data-feature]")) {
      event.target.dataset.wanted = event.target.checked ? "1" : "";
    }
  });

  function onReady() {
    applyCeilings();
    // <form data-autosubmit-on-load>: the forum sign-in page posts itself at once.
    var auto = document.querySelector("form[data-autosubmit-on-load]");
    if (auto) { auto.submit(); }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", onReady);
  } else {
    onReady();
  }
})();
