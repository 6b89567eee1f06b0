// After a failed submit, move focus to the list of errors so that it is read out first. Its
// links then put the focus in the field itself, with the field's label or question in view.
// After any other action that reloads the page with a result, the result takes the focus, so
// that a screen reader reads it rather than the page from its top.
document.addEventListener("DOMContentLoaded", function () {
  // The asterisk is the sighted reader's cue; the field itself says "required" to a screen reader.
  document.querySelectorAll(".asteriskField").forEach(function (asterisk) {
    asterisk.setAttribute("aria-hidden", "true");
  });
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) {
    var result = document.querySelector("[data-result]");
    if (result) {
      result.focus();
    }
    return;
  }
  summary.focus();
  summary.addEventListener("click", function (event) {
    var link = event.target.closest("a[href^='#']");
    var field = link && document.getElementById(link.getAttribute("href").slice(1));
    if (!field) {
      return;
    }
    event.preventDefault();
    var group = field.type === "radio" ? field.closest("fieldset") : null;
    var caption = group ? group.querySelector("legend") : document.querySelector("label[for='" + field.id + "']");
    (caption || field).scrollIntoView();
    field.focus({ preventScroll: true });
  });
});
