// Web phone behaviour: a running call timer, and live 連携 status after a call ends. Data goes in as text only.
(function () {
  "use strict";
  var started = document.querySelector("[data-started]");
  if (started) {
    var t0 = Date.parse(started.getAttribute("data-started") || "");
    var tick = function () {
      var s = Math.max(0, Math.floor((Date.now() - t0) / 1000));
      started.textContent = Math.floor(s / 60) + ":" + String(s % 60).padStart(2, "0");
    };
    tick();
    setInterval(tick, 1000);
  }

  // One click ends one call: a double click must not report the call twice.
  var endForm = document.querySelector("form[action='/callconnect/phone/end']");
  if (endForm) {
    endForm.addEventListener("submit", function () {
      var button = endForm.querySelector("button[type=submit]");
      if (button)
        setTimeout(function () {
          button.disabled = true;
        }, 0);
    });
  }

  var ended = document.querySelector("[data-call-id]");
  if (!ended) return;
  var callId = ended.getAttribute("data-call-id");
  var overall = document.querySelector("[data-testid=delivery-overall]");
  var body = document.querySelector("table.deliveries tbody");
  var poll = function () {
    fetch("/callconnect/phone/calls/" + encodeURIComponent(callId) + "/deliveries.json", { cache: "no-store" })
      .then(function (r) {
        return r.json();
      })
      .then(function (data) {
        if (overall) overall.textContent = data.overall;
        if (body) {
          body.replaceChildren();
          data.deliveries.forEach(function (d) {
            var tr = document.createElement("tr");
            tr.setAttribute("data-delivery", String(d.id));
            [d.event, d.target, d.status, d.http_status, d.attempts, d.error].forEach(function (v, i) {
              var td = document.createElement("td");
              td.textContent = v === null || v === undefined ? "" : String(v);
              if (i === 1) td.className = "url";
              if (i === 2) td.className = "status-" + d.state;
              tr.appendChild(td);
            });
            body.appendChild(tr);
          });
        }
        if (data.pending) setTimeout(poll, 1000);
      })
      .catch(function () {
        setTimeout(poll, 3000);
      });
  };
  poll();
})();
