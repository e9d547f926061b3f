/* Warn before leaving a page with unsaved edits (the revision page, its confirmation steps, the article page).
 *
 * A field is unsaved when it differs from what the page was loaded with. Submitting a form sends its own
 * fields, so they are not lost; any other edited field on the page would be, and the browser asks first.
 * Correctness never depends on this script: a workflow button on the revision page saves the typed text
 * on the server before taking its step. Loaded as a static file: the CSP allows no inline script.
 */
(function () {
  "use strict";

  var submitting = null; // the form being submitted, whose fields travel with it

  function edited(field) {
    if (!field.form || field.disabled) {
      return false; // fields outside any form (the admin's navigation filter) hold no content
    }
    switch (field.type) {
      case "checkbox":
      case "radio":
        return field.checked !== field.defaultChecked;
      case "select-one":
        // With no option marked selected in the markup, the browser shows the first: that is unchanged.
        var initial = Array.prototype.findIndex.call(field.options, function (option) {
          return option.defaultSelected;
        });
        return field.selectedIndex !== Math.max(initial, 0) && field.options.length > 0;
      case "select-multiple":
        return Array.prototype.some.call(field.options, function (option) {
          return option.selected !== option.defaultSelected;
        });
      case "hidden":
      case "submit":
      case "button":
      case "reset":
      case "image":
      case "file":
        return false;
      default:
        return field.value !== field.defaultValue;
    }
  }

  function unsavedFields() {
    var fields = document.querySelectorAll("input, textarea, select");
    return Array.prototype.filter.call(fields, function (field) {
      return edited(field) && field.form !== submitting;
    });
  }

  document.addEventListener(
    "submit",
    function (event) {
      submitting = event.target;
    },
    true
  );
  window.addEventListener("submit", function (event) {
    if (event.defaultPrevented) {
      submitting = null; // a script stopped the submission: the page stays, its fields are still unsaved
    }
  });

  window.addEventListener("beforeunload", function (event) {
    var lost = unsavedFields();
    // If the visitor stays, whatever they submit or follow next is a new decision.
    window.setTimeout(function () {
      submitting = null;
    }, 0);
    if (lost.length) {
      event.preventDefault();
      event.returnValue = ""; // older browsers show their own wording; none shows ours
    }
  });

  window.addEventListener("pageshow", function () {
    submitting = null;
  });
})();
