// Web phone behaviour: a running call timer; the memo's length said before ending; a draft of the form kept per
// call (another click reloads this window); live 連携 status after a call ends. Data goes in as text only.
(function () {
  "use strict";
  var started = document.querySelector("[data-started]");
  if (started) {
    var t0 = Date.parse(started.getAttribute("data-started") || "");
    var tick = function () {
      var s = Math.max(0, Math.floor((Date.now() - t0) / 1000));
      var h = Math.floor(s / 3600);
      var mm = String(Math.floor((s % 3600) / 60));
      started.textContent = (h > 0 ? h + ":" + mm.padStart(2, "0") : mm) + ":" + String(s % 60).padStart(2, "0");
    };
    tick();
    setInterval(tick, 1000);
  }

  var draftKey = function (id) {
    return "callconnect-phone-draft:" + id;
  };
  var storage = function () {
    try {
      return window.localStorage;
    } catch (e) {
      return null;
    }
  };

  var endForm = document.querySelector("form.end-call");
  if (endForm) {
    var callId = endForm.querySelector("input[name=call_id]").value;
    var memo = endForm.querySelector("textarea[name=memo]");
    var count = document.querySelector("[data-memo-count]");
    var max = Number(memo.getAttribute("data-max")) || 10000;
    var n = function (x) {
      return x.toLocaleString("en-US");
    };
    var showCount = function () {
      var len = memo.value.length;
      var over = len > max;
      count.classList.toggle("over", over);
      memo.setAttribute("aria-invalid", over ? "true" : "false");
      count.replaceChildren(
        over
          ? "メモが長すぎます: " + n(len) + " / " + n(max) + " 文字（" + n(len - max) + " 文字減らしてください） "
          : n(len) + " / " + n(max) + " 文字 ",
      );
      var small = document.createElement("small");
      small.textContent = over
        ? "The memo is too long: " + n(len) + " of " + n(max) + " characters (remove " + n(len - max) + ")"
        : n(len) + " of " + n(max) + " characters";
      count.appendChild(small);
      return !over;
    };

    // The form as the agent left it: a second click navigates this window, and the call must keep its memo.
    var fields = function () {
      var result = endForm.querySelector("input[name=result]:checked");
      return {
        memo: memo.value,
        result: result ? result.value : "",
        agent: endForm.querySelector("select[name=agent]").value,
        hold: endForm.querySelector("input[name=hold]").checked,
      };
    };
    var save = function () {
      var s = storage();
      if (s) s.setItem(draftKey(callId), JSON.stringify(fields()));
    };
    var restore = function () {
      var s = storage();
      var raw = s && s.getItem(draftKey(callId));
      if (!raw) return;
      var d;
      try {
        d = JSON.parse(raw);
      } catch (e) {
        return;
      }
      // What the server sent back (a form with problems) wins over an older draft.
      if (!memo.value && typeof d.memo === "string") memo.value = d.memo;
      var radio = d.result && endForm.querySelector("input[name=result][value=" + JSON.stringify(String(d.result)) + "]");
      if (radio && !endForm.querySelector("[data-testid=form-error]")) radio.checked = true;
      var select = endForm.querySelector("select[name=agent]");
      if (d.agent && !select.value && select.querySelector("option[value=" + JSON.stringify(String(d.agent)) + "]")) select.value = d.agent;
      if (d.hold) endForm.querySelector("input[name=hold]").checked = true;
    };
    restore();
    showCount();
    endForm.addEventListener("input", function () {
      showCount();
      save();
    });
    endForm.addEventListener("change", save);

    // One click ends one call (a double click must not report it twice); an over-long memo never leaves the page.
    endForm.addEventListener("submit", function (e) {
      if (!showCount()) {
        e.preventDefault();
        memo.focus();
        return;
      }
      save();
      var button = endForm.querySelector("button[type=submit]");
      if (button)
        setTimeout(function () {
          button.disabled = true;
        }, 0);
    });
  }

  var ended = document.querySelector("[data-call-id]");
  if (!ended) return;
  var endedId = ended.getAttribute("data-call-id");
  var s = storage();
  if (s) s.removeItem(draftKey(endedId));
  var overall = document.querySelector("[data-testid=delivery-overall]");
  var body = document.querySelector("table.deliveries tbody");
  var poll = function () {
    fetch("/callconnect/phone/calls/" + encodeURIComponent(endedId) + "/deliveries.json", { cache: "no-store" })
      .then(function (r) {
        if (!r.ok) throw new Error("HTTP " + r.status);
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
