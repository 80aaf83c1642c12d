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
