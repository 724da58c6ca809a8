// Live clock badges (templates/_clocks.html, helpdesk/sla/badges.py): one timer for the
// page, no requests. The server's instants (UTC) are the truth; data-now is the server's
// clock when it rendered, so a wrong laptop clock does not show a wrong countdown. A clock
// counts service-window time only until data-counts-until (the window's close or the
// deadline); after that the service time left stands still until the next page load.
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  // As helpdesk.sla.badges.span: "3 d 4 h", "2 h 10", "9 min 05 s", "40 s".
  function formatSpan(seconds) {
    var s = Math.max(0, Math.floor(seconds));
    var days = Math.floor(s / 86400); s -= days * 86400;
    var h = Math.floor(s / 3600); s -= h * 3600;
    var m = Math.floor(s / 60); s -= m * 60;
    if (days) { return days + " d " + h + " h"; }
    if (h) { return h + " h " + pad(m); }
    if (m) { return m + " min " + pad(s) + " s"; }
    return s + " s";
  }
  function instant(el, name) { return Date.parse(el.getAttribute(name)); }
  var timer = null;  // one timer: the live queue (static/workflow.js) restarts it on new rows
  function start() {
    if (timer !== null) { window.clearInterval(timer); timer = null; }
    var items = Array.prototype.slice.call(
      document.querySelectorAll("[data-text][data-deadline], [data-text][data-overdue]"));
    if (!items.length) { return; }
    var loaded = Date.now();
    var clocks = items.map(function (el) {
      var server = instant(el, "data-now");
      return {
        el: el, now: isNaN(server) ? loaded : server,
        deadline: instant(el, "data-deadline"), until: instant(el, "data-counts-until"),
        left: Number(el.getAttribute("data-left") || 0),
        overdue: el.hasAttribute("data-overdue") ? Number(el.getAttribute("data-overdue")) : null,
        text: el.getAttribute("data-text"), over: el.getAttribute("data-overdue-text")
      };
    });
    function tick() {
      var elapsed = (Date.now() - loaded) / 1000;
      clocks.forEach(function (c) {
        var now = c.now + elapsed * 1000, shown, seconds;
        if (c.overdue !== null) {
          seconds = c.overdue + elapsed;
          shown = c.text;
        } else if (now >= c.deadline && c.over) {
          seconds = (now - c.deadline) / 1000;
          shown = c.over;
          c.el.classList.remove("level-ok", "level-warn", "level-danger", "level-unknown");
          c.el.classList.add("level-over");
        } else {
          var counting = Math.min(now, isNaN(c.until) ? now : c.until) - c.now;
          seconds = c.left - Math.max(0, counting) / 1000;
          shown = c.text;
        }
        c.el.textContent = shown.replace("{left}", formatSpan(seconds));
        c.el.setAttribute("data-live-seconds", String(Math.floor(seconds)));
      });
    }
    tick();
    timer = window.setInterval(tick, 1000);
  }
  window.helpdeskClocks = start;
  // Print buttons without inline script (the Content-Security-Policy forbids it).
  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }
  // The phone menu (templates/base.html): the button shows and hides the navigation and
  // says which it is (aria-expanded); Escape closes it and returns focus to the button.
  function menu() {
    var button = document.querySelector(".nav-toggle");
    var header = button && button.closest("header");
    if (!header) { return; }
    function set(open) {
      header.classList.toggle("nav-open", open);
      button.setAttribute("aria-expanded", open ? "true" : "false");
    }
    button.addEventListener("click", function () {
      set(button.getAttribute("aria-expanded") !== "true");
    });
    header.addEventListener("keydown", function (event) {
      if (event.key === "Escape" && header.classList.contains("nav-open")) {
        set(false);
        button.focus();
      }
    });
  }
  // The priority matrix (templates/_matrix.html): mark the cell of the chosen urgency and
  // impact in the same form.
  function matrices() {
    document.querySelectorAll("table.matrix").forEach(function (table) {
      var form = table.closest("form");
      if (!form) { return; }
      function mark() {
        var u = form.querySelector("input[name=urgency]:checked");
        var i = form.querySelector("input[name=impact]:checked");
        table.querySelectorAll("td[data-urgency]").forEach(function (cell) {
          var chosen = !!(u && i && cell.getAttribute("data-urgency") === u.value &&
                          cell.getAttribute("data-impact") === i.value);
          cell.classList.toggle("chosen", chosen);
          if (chosen) { cell.setAttribute("aria-current", "true"); }
          else { cell.removeAttribute("aria-current"); }
        });
      }
      form.addEventListener("change", mark);
      mark();
    });
  }
  function ready() {
    document.documentElement.classList.add("js");
    menu(); matrices(); start(); printButtons();
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else { ready(); }
})();
