// Live countdowns to each row's next deadline: one timer for the page, no requests.
// The server's deadline (data-deadline, UTC) is the truth; data-server-now corrects the
// browser's clock so a wrong laptop clock does not show a wrong countdown.
(function () {
  "use strict";
  function pad(n) { return n < 10 ? "0" + n : String(n); }
  function format(seconds) {
    var sign = seconds < 0 ? "-" : "";
    var s = Math.floor(Math.abs(seconds));
    var days = Math.floor(s / 86400); s -= days * 86400;
    var h = Math.floor(s / 3600); s -= h * 3600;
    var m = Math.floor(s / 60); s -= m * 60;
    var clock = pad(h) + ":" + pad(m) + ":" + pad(s);
    return sign + (days ? days + " d " + clock : clock);
  }
  function start() {
    var items = document.querySelectorAll(".countdown[data-deadline]");
    if (!items.length) { return; }
    var holder = document.querySelector("[data-server-now]");
    var skew = 0;
    if (holder) {
      var server = Date.parse(holder.getAttribute("data-server-now"));
      if (!isNaN(server)) { skew = server - Date.now(); }
    }
    var deadlines = Array.prototype.map.call(items, function (el) {
      return Date.parse(el.getAttribute("data-deadline"));
    });
    function tick() {
      var now = Date.now() + skew;
      for (var i = 0; i < items.length; i++) {
        var left = (deadlines[i] - now) / 1000;
        items[i].textContent = format(left);
        if (left <= 0 && !items[i].classList.contains("level-over")) {
          items[i].className = "countdown level-over";
        }
      }
    }
    tick();
    window.setInterval(tick, 1000);
  }
  // Print buttons without inline script (the Content-Security-Policy forbids it).
  function printButtons() {
    document.querySelectorAll("[data-print]").forEach(function (button) {
      button.addEventListener("click", function () { window.print(); });
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { start(); printButtons(); });
  } else { start(); printButtons(); }
})();
