// The agent's workflow on staff pages (issue #16): the live queue, presence on a ticket
// and keyboard shortcuts. No inline script (the Content-Security-Policy forbids it);
// everything here reads data- attributes the server rendered. Without script the pages
// work as before: reload for news, buttons for actions.
(function () {
  "use strict";

  // Live queue: ask once a second with If-None-Match; 304 costs the server three index
  // lookups (helpdesk/web/staff/live.py). On a change the rows and tab counts are swapped.
  function liveQueue() {
    var table = document.querySelector("table.queue[data-live]");
    if (!table) { return; }
    // The page carries the tag of what it shows: the first poll is a 304 unless it changed.
    var url = table.getAttribute("data-live"), tag = table.getAttribute("data-etag"), busy = false;
    var status = document.querySelector("[data-live-status]");
    function counts(found) {
      Object.keys(found).forEach(function (key) {
        var tab = document.querySelector('a[data-queue="' + key + '"] .count');
        // A count the server left out (a filtered history tab not shown) is left blank.
        var shown = found[key] ? "(" + found[key] + ")" : "";
        if (tab) { tab.textContent = shown; }
        if (tab && tab.parentNode.getAttribute("aria-current") === "page") {
          var h1 = document.querySelector("main h1 [data-count]");
          if (h1) { h1.textContent = shown; }
        }
      });
    }
    function poll() {
      if (busy || document.hidden) { return; }
      busy = true;
      var headers = { "Accept": "application/json" };
      if (tag) { headers["If-None-Match"] = tag; }
      fetch(url, { headers: headers, credentials: "same-origin", cache: "no-cache" })
        .then(function (response) {
          if (response.status === 304) { return null; }
          if (!response.ok) { throw new Error(String(response.status)); }
          var first = !tag;
          tag = response.headers.get("ETag");
          return response.json().then(function (data) { data.first = first; return data; });
        })
        .then(function (data) {
          if (!data) { return; }
          var selected = current();
          // Ticked rows stay ticked while their ticket is unchanged (the value carries the
          // ticket's last event; a changed ticket comes back unticked, as the bulk action
          // would refuse it).
          var ticked = Array.prototype.map.call(
            table.querySelectorAll("tbody input[name=selected]:checked"),
            function (box) { return box.value; });
          table.querySelector("tbody").innerHTML = data.rows;
          ticked.forEach(function (value) {
            var box = table.querySelector('tbody input[name=selected][value="' + value + '"]');
            if (box) { box.checked = true; }
          });
          table.setAttribute("data-server-now", data.now);
          counts(data.count_labels);
          if (status && !data.first) { status.textContent = status.getAttribute("data-updated") || ""; }
          if (window.helpdeskClocks) { window.helpdeskClocks(); }
          if (selected) { select(selected.reference); }
        })
        .catch(function () { /* offline a moment: the next poll tries again */ })
        .then(function () { busy = false; });
    }
    poll();
    window.setInterval(poll, Number(table.getAttribute("data-poll") || 1000));
  }

  // Presence: every few seconds tell the server what I do here, show who else is here.
  function presence() {
    var box = document.querySelector("[data-presence]");
    if (!box) { return; }
    var url = box.getAttribute("data-presence"), csrf = box.getAttribute("data-csrf");
    var seconds = Number(box.getAttribute("data-poll") || 10);
    function activity() {
      var typing = Array.prototype.some.call(
        document.querySelectorAll("#action-reply textarea, #action-note textarea"),
        function (area) { return area.value.trim() !== ""; });
      return typing ? "replying" : "viewing";
    }
    function body(what) {
      var data = new FormData();
      data.append("csrf_token", csrf);
      data.append("activity", what);
      return data;
    }
    function poll() {
      fetch(url, { method: "POST", body: body(activity()), credentials: "same-origin" })
        .then(function (response) { return response.ok ? response.json() : null; })
        .then(function (data) {
          if (!data) { return; }
          box.textContent = data.text;
          box.hidden = !data.text;
        })
        .catch(function () {});
    }
    poll();
    window.setInterval(poll, seconds * 1000);
    document.addEventListener("input", function (event) {
      if (event.target.closest && event.target.closest("#action-reply, #action-note")) {
        if (!box.getAttribute("data-told")) { box.setAttribute("data-told", "1"); poll(); }
      }
    });
    window.addEventListener("pagehide", function () {
      if (navigator.sendBeacon) { navigator.sendBeacon(url, body("left")); }
    });
  }

  // Keyboard shortcuts, listed on the "?" overlay (templates/_shortcuts.html).
  var QUEUE_KEY = "helpdesk.queue";
  function rows() {
    return Array.prototype.slice.call(document.querySelectorAll("table.queue tbody tr.queue-row"));
  }
  function current() {
    var row = document.querySelector("table.queue tr.selected");
    if (!row) { return null; }
    var link = row.querySelector("a");
    return { row: row, reference: link ? link.textContent.trim() : "" };
  }
  function select(reference) {
    rows().forEach(function (row) {
      var link = row.querySelector("a");
      var on = link && link.textContent.trim() === reference;
      row.classList.toggle("selected", !!on);
      if (on) { row.setAttribute("aria-selected", "true"); link.focus(); }
      else { row.removeAttribute("aria-selected"); }
    });
  }
  function rememberQueue() {
    var list = rows().map(function (row) {
      var link = row.querySelector("a");
      return link ? { ref: link.textContent.trim(), href: link.getAttribute("href") } : null;
    }).filter(Boolean);
    if (list.length) {
      try { sessionStorage.setItem(QUEUE_KEY, JSON.stringify(list)); } catch (e) { /* private mode */ }
    }
  }
  function move(step) {
    var list = rows();
    if (list.length) {  // on the queue: move the selection
      var at = current(), index = -1;
      if (at) { index = list.indexOf(at.row); }
      index = Math.max(0, Math.min(list.length - 1, index + step));
      select(list[index].querySelector("a").textContent.trim());
      return;
    }
    var page = document.querySelector("[data-ticket-reference]");
    if (!page) { return; }
    var saved;
    try { saved = JSON.parse(sessionStorage.getItem(QUEUE_KEY) || "[]"); } catch (e) { saved = []; }
    var me = page.getAttribute("data-ticket-reference");
    var position = saved.map(function (item) { return item.ref; }).indexOf(me);
    var next = saved[position + step];
    if (position >= 0 && next) { window.location.href = next.href; }
  }
  function open(id, focusSelector) {
    var details = document.getElementById(id);
    if (!details) { return false; }
    details.open = true;
    var target = details.querySelector(focusSelector || "textarea, input:not([type=hidden]), select, button");
    if (target) { target.focus(); }
    details.scrollIntoView({ block: "nearest" });
    return true;
  }
  function typing(target) {
    if (!target || !target.tagName) { return false; }
    var tag = target.tagName.toLowerCase();
    return tag === "input" || tag === "textarea" || tag === "select" || target.isContentEditable;
  }
  function shortcuts() {
    var help = document.getElementById("shortcuts");
    if (!help) { return; }
    rememberQueue();
    document.querySelectorAll("[data-open-shortcuts]").forEach(function (button) {
      button.addEventListener("click", function () { help.showModal(); });
    });
    document.addEventListener("keydown", function (event) {
      if (event.ctrlKey || event.metaKey || event.altKey || event.defaultPrevented) { return; }
      if (typing(event.target)) { return; }  // never while typing in a field
      if (help.open) { return; }  // the dialog handles Escape itself
      var done = true, chosen;
      switch (event.key) {
        case "?": help.showModal(); break;
        case "j": move(1); break;
        case "k": move(-1); break;
        case "o": case "Enter":
          chosen = current();
          if (chosen && event.key === "o") { window.location.href = chosen.row.querySelector("a").href; }
          else { done = false; }  // Enter on a focused link opens it anyway
          break;
        case "r": done = open("action-reply"); break;
        case "n": done = open("action-note"); break;
        case "a": done = open("action-acknowledge", "button[type=submit], input[type=submit]"); break;
        case "m":
          var me = document.getElementById("assign-me");
          if (me) { me.click(); } else { done = false; }
          break;
        case "/":
          var search = document.querySelector("[data-shortcut-search], input[type=search]");
          if (search) { search.focus(); } else { done = false; }
          break;
        default: done = false;
      }
      if (done) { event.preventDefault(); }
    });
  }

  function ready() { liveQueue(); presence(); shortcuts(); }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else { ready(); }
})();
