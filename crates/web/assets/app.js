// Zëri: the only script. Every page works without it; it adds the instant quick exit
// and shows contact fields only for the contact method chosen.
(function () {
  "use strict";
  function leave(url) {
    // Hide the page at once, then replace this history entry so "back" does not return.
    document.body.style.display = "none";
    document.title = "";
    window.location.replace(url);
  }
  document.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("[data-quick-exit]");
    if (link) {
      e.preventDefault();
      leave(link.href);
    }
  });
  // Escape twice in a row also leaves.
  var lastEscape = 0;
  document.addEventListener("keydown", function (e) {
    if (e.key !== "Escape") return;
    var exit = document.querySelector("[data-quick-exit]");
    var now = Date.now();
    if (exit && now - lastEscape < 800) leave(exit.href);
    lastEscape = now;
  });
  // Contact fields follow the chosen method.
  function syncContact() {
    var chosen = document.querySelector("input[name=contact_method]:checked");
    var value = chosen ? chosen.value : "none";
    document.querySelectorAll("[data-contact]").forEach(function (el) {
      el.hidden = el.getAttribute("data-contact") !== value;
    });
  }
  document.addEventListener("change", function (e) {
    if (e.target.name === "contact_method") syncContact();
  });
  document.addEventListener("DOMContentLoaded", syncContact);
})();
// "Use my location" on the find-help page: the position fills the form and is sent once,
// with the search; nothing is kept. Without script or permission, typing a place works.
(function () {
  "use strict";
  document.addEventListener("DOMContentLoaded", function () {
    var button = document.querySelector("[data-geolocate]");
    if (!button || !navigator.geolocation) return;
    button.hidden = false;
    button.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (pos) {
        var form = button.form;
        form.elements.lat.value = pos.coords.latitude.toFixed(4);
        form.elements.lon.value = pos.coords.longitude.toFixed(4);
        form.submit();
      });
    });
  });
})();
// A staff set-up link carries its code after "#" (never sent to the server): put it in the
// form and take it off the address bar and the history.
document.addEventListener("DOMContentLoaded", function () {
  var field = document.getElementById("setup-code");
  if (field && window.location.hash.length > 1) {
    field.value = decodeURIComponent(window.location.hash.slice(1));
    window.history.replaceState(null, "", window.location.pathname);
  }
});
// The receipt: a copy button (only with a script, so it is hidden without one).
document.addEventListener("DOMContentLoaded", function () {
  var button = document.querySelector("[data-copy-receipt]");
  var receipt = document.querySelector("[data-receipt]");
  if (!button || !receipt || !navigator.clipboard) return;
  button.parentElement.hidden = false;
  button.addEventListener("click", function () {
    navigator.clipboard.writeText(receipt.textContent.trim()).then(function () {
      button.textContent = button.getAttribute("data-copied");
    });
  });
});
// The error summary takes the focus (GOV.UK pattern); each entry moves the focus to its field.
document.addEventListener("DOMContentLoaded", function () {
  var summary = document.querySelector("[data-error-summary]");
  if (!summary) return;
  summary.focus();
  summary.addEventListener("click", function (e) {
    var link = e.target.closest && e.target.closest("a[data-focus]");
    if (!link) return;
    var field = document.querySelector(link.getAttribute("data-focus"));
    if (!field) return;
    e.preventDefault();
    field.scrollIntoView({ block: "center" });
    field.focus();
  });
});
// Switching language on a form keeps what was typed: the form goes, unchecked, to the same
// page in the other language, which shows it again (nothing is stored on the device).
document.addEventListener("click", function (e) {
  var link = e.target.closest && e.target.closest("[data-switch-language]");
  var form = document.querySelector("form[data-keep-on-switch]");
  if (!link || !form) return;
  var typed = Array.prototype.some.call(form.elements, function (el) {
    return (el.tagName === "TEXTAREA" || el.type === "text" || el.type === "tel" || el.type === "email") && el.value;
  });
  // A step of the report carries earlier answers in hidden fields: keep them too.
  if (!typed && !form.hasAttribute("data-has-answers")) return;
  e.preventDefault();
  var flag = document.createElement("input");
  flag.type = "hidden";
  flag.name = "switch_language";
  flag.value = "1";
  form.appendChild(flag);
  var to = link.getAttribute("lang");
  form.action = form.getAttribute("action").replace(/^\/(sq|en)(?=\/)/, "/" + to);
  form.submit();
});
// A link to a part of the case page that is folded opens it.
(function () {
  "use strict";
  function openTarget() {
    var id = decodeURIComponent(window.location.hash.slice(1));
    var target = id && document.getElementById(id);
    for (var el = target; el; el = el.parentElement) {
      if (el.tagName === "DETAILS") el.open = true;
    }
    if (target) target.scrollIntoView();
  }
  window.addEventListener("hashchange", openTarget);
  document.addEventListener("DOMContentLoaded", openTarget);
  // Live parts of staff pages (the supervisor's queue, reading a chat along): fetched
  // again every few seconds and put in place, so the rest of the page (a note being
  // written) and the focus stay; without a script such pages reload themselves.
  Array.prototype.forEach.call(document.querySelectorAll("[data-live]"), function (region, i) {
    if (!window.fetch || !window.DOMParser) return;
    var url = region.getAttribute("data-live");
    var every = Number(region.getAttribute("data-live-seconds") || "5") * 1000;
    function look() {
      fetch(url, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
        if (r.redirected) { window.location.reload(); return null; }
        return r.ok ? r.text() : null;
      }).then(function (html) {
        if (!html) return;
        var fresh = new DOMParser().parseFromString(html, "text/html").querySelectorAll("[data-live]")[i];
        if (fresh && !region.contains(document.activeElement)) region.innerHTML = fresh.innerHTML;
      }).catch(function () {}).then(function () { setTimeout(look, every); });
    }
    setTimeout(look, every);
  });
})();
// A page showing evidence: leaving it ends the opening's exposure. The "done" form does it
// without a script; with one it is also sent when the page is left another way (a link, the
// back button, closing the tab). Without either the opening counts at most its cap.
document.addEventListener("DOMContentLoaded", function () {
  var form = document.querySelector("form[data-exposure-done]");
  if (!form || !navigator.sendBeacon) return;
  var sent = false;
  form.addEventListener("submit", function () { sent = true; });
  window.addEventListener("pagehide", function () {
    if (!sent) navigator.sendBeacon(form.action, new URLSearchParams(new FormData(form)));
    sent = true;
  });
});
