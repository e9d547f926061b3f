// The question box, progressively: without this script the form opens the answer page; with it, the answer
// page's answer (#ask-answer, our own server-rendered and sanitised HTML) is shown under the box, in place.
(function () {
  "use strict";
  document.querySelectorAll("[data-ask-box]").forEach(function (box) {
    var form = box.querySelector("form");
    var result = box.querySelector("[data-ask-result]");
    if (!form || !result || box.closest(".ask-page")) { return; } // on the answer page itself, navigate
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var address = form.action + "?" + new URLSearchParams(new FormData(form)).toString();
      result.textContent = "Looking for reviewed answers\u2026";
      fetch(address, { headers: { "Accept": "text/html" }, credentials: "same-origin" })
        .then(function (response) { return response.text(); })
        .then(function (html) {
          var page = new DOMParser().parseFromString(html, "text/html");
          var answer = page.getElementById("ask-answer") || page.querySelector(".form-errors");
          result.replaceChildren();
          if (answer) { result.appendChild(document.importNode(answer, true)); }
          var more = document.createElement("p");
          var link = document.createElement("a");
          link.href = address;
          link.textContent = "Open this answer on its own page";
          more.appendChild(link);
          result.appendChild(more);
        })
        .catch(function () { window.location.href = address; });
    });
  });
})();
