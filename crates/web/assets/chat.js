// Zëri live chat, for the child and for staff. Messages are stored by the server before
// they are shown as sent; the page keeps nothing on the device (no storage, no cache):
// closing or leaving the page leaves no trace but the browser history entry.
(function () {
  "use strict";
  var box = document.getElementById("chat");
  if (!box || !window.EventSource || !window.fetch) return;
  var side = box.getAttribute("data-chat");
  var base = box.getAttribute("data-base");
  var csrf = box.getAttribute("data-csrf");
  var lang = box.getAttribute("data-lang") || "sq";
  // "No one is answering" and the hours: gone while someone is in the chat.
  var banner = document.querySelector("[data-chat-banner]");
  var t = function (k) { return box.getAttribute("data-t-" + k) || ""; };
  var log = box.querySelector(".chat-log");
  var state = box.querySelector(".chat-state");
  var typing = box.querySelector(".chat-typing");
  var form = box.querySelector(".chat-form");
  var text = form.querySelector("textarea");
  var error = box.querySelector(".chat-error");
  var shown = {};        // seq -> element
  var byId = {};         // client id -> element, until the server echoes it
  var outbox = [];       // messages not yet stored: kept in memory only
  var last = 0;          // the last seq shown
  var receipts = { delivered: 0, read: 0 };
  var source = null;
  var typingTimer = null;
  var lastTyping = 0;
  var live = false;      // this page saw the chat waiting or taken

  function headers() {
    var h = { "Content-Type": "application/json" };
    if (csrf) h["X-CSRF-Token"] = csrf;
    return h;
  }
  function post(path, body) {
    return fetch(base + path, {
      method: "POST", headers: headers(), credentials: "same-origin", cache: "no-store",
      body: body === undefined ? "{}" : JSON.stringify(body)
    });
  }
  function newId() {
    var a = new Uint8Array(16);
    crypto.getRandomValues(a);
    return Array.prototype.map.call(a, function (b) { return ("0" + b.toString(16)).slice(-2); }).join("");
  }
  // Tirana time for a message written here, until the server's own time for it comes.
  var clock = null;
  try {
    clock = new Intl.DateTimeFormat("en-GB", { timeZone: "Europe/Tirane", hour: "2-digit", minute: "2-digit", hourCycle: "h23" });
  } catch (e) { clock = null; }
  function time(ms) {
    if (clock) return clock.format(new Date(ms));
    var d = new Date(ms);
    return ("0" + d.getHours()).slice(-2) + ":" + ("0" + d.getMinutes()).slice(-2);
  }
  // The same shape as the server renders: who and when, the text, the mark.
  function item(mine, who, body, when, iso) {
    var li = document.createElement("li");
    li.className = mine ? "mine" : "theirs";
    var meta = document.createElement("div");
    meta.className = "meta";
    var name = document.createElement("span");
    name.className = "who";
    name.textContent = who;
    var at = document.createElement("time");
    at.setAttribute("datetime", iso);
    at.textContent = when;
    meta.appendChild(name);
    meta.appendChild(document.createTextNode(" "));
    meta.appendChild(at);
    var p = document.createElement("p");
    p.textContent = body; // text only, never markup
    var mark = document.createElement("span");
    mark.className = "mark";
    li.appendChild(meta);
    li.appendChild(p);
    li.appendChild(mark);
    log.appendChild(li);
    li.scrollIntoView({ block: "end" });
    return li;
  }
  function stamp(li, m) {
    var at = li.querySelector("time");
    at.textContent = m.time;
    at.setAttribute("datetime", m.iso);
  }
  function mark(li, key) {
    var m = li.querySelector(".mark");
    m.textContent = t(key);
    m.setAttribute("data-mark", key);
  }
  function refreshMarks() {
    Object.keys(shown).forEach(function (seq) {
      var li = shown[seq];
      if (!li.classList.contains("mine")) return;
      seq = Number(seq);
      if (seq <= receipts.read) mark(li, "read");
      else if (seq <= receipts.delivered) mark(li, "delivered");
      else mark(li, "sent");
    });
  }
  function seen(seq) {
    if (document.visibilityState === "visible") post("/seen", { seq: seq }).catch(function () {});
  }

  function onMessage(e) {
    var m = JSON.parse(e.data);
    if (m.seq <= last && shown[m.seq]) return;
    var li = byId[m.id];
    if (li) { delete byId[m.id]; stamp(li, m); } else if (!shown[m.seq]) { li = item(m.mine, m.who, m.body, m.time, m.iso); }
    if (li) {
      shown[m.seq] = li;
      li.setAttribute("data-seq", m.seq);
    }
    last = Math.max(last, m.seq);
    if (!m.mine) {
      typing.textContent = "";
      seen(m.seq);
    }
    refreshMarks();
  }
  function connect() {
    if (source) source.close();
    // After a drop, EventSource reconnects by itself and sends the last id it saw; a new
    // source (after being offline) asks for everything after the last message shown.
    source = new EventSource(base + "/events?after=" + last + "&lang=" + lang);
    source.addEventListener("message", onMessage);
    source.addEventListener("receipt", function (e) {
      receipts = JSON.parse(e.data);
      refreshMarks();
    });
    source.addEventListener("typing", function () {
      typing.textContent = t("typing");
      clearTimeout(typingTimer);
      typingTimer = setTimeout(function () { typing.textContent = ""; }, 4000);
    });
    source.addEventListener("state", function (e) {
      state.textContent = t(e.data);
      box.setAttribute("data-state", e.data);
      if (banner && e.data === "active") banner.hidden = true;
      else if (banner && e.data === "waiting") banner.hidden = false;
      if (e.data === "waiting" || e.data === "active") live = true;
      else if (e.data === "ended" && live) { live = false; if (side === "child") offerRating(); }
    });
    source.onopen = function () { box.setAttribute("data-connected", "1"); flush(); };
    source.onerror = function () {
      box.setAttribute("data-connected", "0");
      // The browser retries by itself unless it gave up (the server answered with an error).
      if (source.readyState === EventSource.CLOSED) setTimeout(connect, 3000);
    };
  }

  // The chat ended while this page was open: the server renders the two rating questions
  // on the chat page now (once per chat); take them from there, as a reload would show them.
  function offerRating() {
    if (document.querySelector("[data-chat-rating]")) return;
    fetch(window.location.pathname, { credentials: "same-origin", cache: "no-store" }).then(function (r) {
      return r.ok ? r.text() : "";
    }).then(function (html) {
      if (!html || document.querySelector("[data-chat-rating]")) return;
      var found = new DOMParser().parseFromString(html, "text/html").querySelector("[data-chat-rating]");
      if (!found) return;
      var section = document.importNode(found, true);
      var title = document.querySelector("main h1");
      if (title && title.parentNode) title.parentNode.insertBefore(section, title.nextSibling);
      else box.parentNode.insertBefore(section, box);
      var heading = section.querySelector("h2");
      if (heading) heading.focus();
    }).catch(function () {});
  }

  function flush() {
    if (!outbox.length) return;
    var m = outbox[0];
    post("/send", { id: m.id, body: m.body }).then(function (r) {
      if (r.status === 201) {
        outbox.shift();
        return r.json().then(function (j) {
          if (!shown[j.seq]) { shown[j.seq] = m.li; m.li.setAttribute("data-seq", j.seq); }
          mark(m.li, "sent");
          refreshMarks();
          flush();
        });
      }
      return r.json().then(function (j) {
        // Refused (too long, too fast, blocked): said plainly, not retried.
        outbox.shift();
        delete byId[m.id];
        m.li.remove();
        error.textContent = (j.error && j.error.message) || "";
        text.value = m.body;
        flush();
      });
    }).catch(function () {
      // Offline: kept in this page's memory and sent when the connection is back.
      mark(m.li, "offline");
      setTimeout(flush, 3000);
    });
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    var body = text.value.trim();
    if (!body) return;
    error.textContent = "";
    var id = newId();
    var now = new Date();
    var li = item(true, t("you"), body, time(now.getTime()), now.toISOString().slice(0, 19) + "Z");
    mark(li, "sending");
    byId[id] = li;
    outbox.push({ id: id, body: body, li: li });
    text.value = "";
    flush();
  });
  text.addEventListener("input", function () {
    var now = Date.now();
    if (now - lastTyping > 3000) {
      lastTyping = now;
      post("/typing").catch(function () {});
    }
  });
  var end = box.querySelector(".chat-end");
  if (end) end.addEventListener("click", function () {
    post("/end").then(function () { state.textContent = t("ended"); });
  });
  window.addEventListener("online", function () { state.textContent = t("online"); connect(); flush(); });
  window.addEventListener("offline", function () { state.textContent = t("offline"); });
  window.addEventListener("pagehide", function () { if (source) source.close(); });
  document.addEventListener("visibilitychange", function () { if (last) seen(last); });

  // The conversation the server rendered: the stream goes on after its last message.
  var newestTheirs = 0;
  Array.prototype.forEach.call(log.querySelectorAll("li[data-seq]"), function (li) {
    var seq = Number(li.getAttribute("data-seq"));
    shown[seq] = li;
    last = Math.max(last, seq);
    if (!li.classList.contains("mine")) newestTheirs = Math.max(newestTheirs, seq);
    var m = li.querySelector(".mark").getAttribute("data-mark");
    if (m === "read") receipts.read = Math.max(receipts.read, seq);
    if (m === "read" || m === "delivered") receipts.delivered = Math.max(receipts.delivered, seq);
  });
  if (newestTheirs) seen(newestTheirs);

  // A chat that ended and is not rated yet: the page asks the two questions, and a new chat
  // opens only when the child writes again.
  if (side === "child" && !document.querySelector("[data-chat-rating]")) {
    post("/open").then(function (r) {
      if (r.status === 409) return r.json().then(function (j) { error.textContent = (j.error && j.error.message) || ""; });
      connect();
    }).catch(function () { state.textContent = t("offline"); setTimeout(connect, 3000); });
  } else {
    connect();
  }
})();

// Canned responses (staff): choosing one inserts its text in the reply at the cursor.
(function () {
  var select = document.querySelector("select[data-canned-select]");
  var body = document.getElementById("chat-body");
  if (!select || !body) return;
  select.addEventListener("change", function () {
    var text = select.value;
    if (!text) return;
    var at = body.selectionStart || body.value.length;
    body.value = body.value.slice(0, at) + text + body.value.slice(body.selectionEnd || at);
    select.value = "";
    body.focus();
  });
})();
