// Partner Portal behaviour, kept out of the HTML so the Content-Security-Policy can forbid
// inline scripts. Every hook is a data- attribute; pages without it are untouched.
(function () {
  "use strict";

  // <form data-confirm="Question?">: ask before submitting, in the page's own dialog (its buttons
  // speak the page's language; the browser's confirm() speaks the browser's). Focus goes to the
  // dialog's safe choice and comes back to the button that asked. A confirmed form is submitted
  // again (htmx forms too: the first submit never reached htmx).
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (!form.dataset || !form.dataset.confirm) { return; }
    if (form.dataset.confirmed === "1") { delete form.dataset.confirmed; return; }
    event.preventDefault();
    event.stopImmediatePropagation();
    var dialog = document.getElementById("confirm-dialog");
    var submitter = event.submitter || form.querySelector("[type=submit]");
    if (!dialog || typeof dialog.showModal !== "function") {
      if (window.confirm(form.dataset.confirm)) { form.dataset.confirmed = "1"; form.requestSubmit(submitter); }
      return;
    }
    document.getElementById("confirm-dialog-text").textContent = form.dataset.confirm;
    // data-confirm-ok / data-confirm-dismiss name the two choices where "Cancel" / "Confirm"
    // would be ambiguous (e.g. "Cancel order?": Keep the order / Cancel the order).
    var ok = dialog.querySelector("[value=ok]");
    var dismiss = dialog.querySelector("[value=cancel]");
    ok.dataset.label = ok.dataset.label || ok.textContent;
    dismiss.dataset.label = dismiss.dataset.label || dismiss.textContent;
    ok.textContent = form.dataset.confirmOk || ok.dataset.label;
    dismiss.textContent = form.dataset.confirmDismiss || dismiss.dataset.label;
    dialog.returnValue = "";
    dialog.addEventListener("close", function onClose() {
      dialog.removeEventListener("close", onClose);
      if (dialog.returnValue === "ok") {
        form.dataset.confirmed = "1";
        form.requestSubmit(submitter && submitter.form === form ? submitter : undefined);
      } else if (submitter) {
        submitter.focus();
      }
    });
    dialog.showModal();
    dialog.querySelector("[value=cancel]").focus();
  }, true);

  // After an htmx save the answer must be seen and heard (issue 10, point 1): on errors focus
  // goes to the first wrong field; otherwise the message is brought into view and focused, so
  // screen readers read it and nobody saves twice.
  document.addEventListener("htmx:afterSettle", function (event) {
    var target = event.detail && event.detail.target;
    // an outerHTML swap replaced the target: its successor carries the same id
    if (target && !target.isConnected && target.id) { target = document.getElementById(target.id); }
    if (!target || !target.querySelector) { return; }
    var wrong = target.querySelector(".has-error input, .has-error select, .has-error textarea, [aria-invalid=true]");
    if (wrong) {
      wrong.focus();
      wrong.scrollIntoView({ block: "center" });
      return;
    }
    var message = target.querySelector(".alert, [role=status], [role=alert]");
    if (message) {
      if (!message.hasAttribute("tabindex")) { message.setAttribute("tabindex", "-1"); }
      message.focus();
      message.scrollIntoView({ block: "center" });
    }
  });

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
    // A form sent back with errors (no htmx): focus goes to the first wrong field.
    var wrong = document.querySelector("main .has-error input, main .has-error select, main .has-error textarea");
    if (wrong) { wrong.focus(); }
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
