// Signature pad: draw with a finger, a pen or the mouse (Pointer Events) on a transparent
// canvas; on submit the drawing goes into the hidden "signature" field as a PNG data URL.
// The canvas keeps a fixed resolution (800 × 300) whatever its size on screen, so every
// signature has the same size and weight. Messages come from the page (translated there).
(function () {
  "use strict";

  function setup(pad) {
    var canvas = pad.querySelector("canvas");
    var input = pad.querySelector("input[name='signature']");
    var status = pad.querySelector("[data-pad-status]");
    var clear = pad.querySelector("[data-pad-clear]");
    var form = pad.closest("form");
    if (!canvas || !input || !form || !canvas.getContext) return;
    var context = canvas.getContext("2d");
    var drawing = false;
    var inked = false;
    var last = null;

    context.lineWidth = 4;
    context.lineCap = "round";
    context.lineJoin = "round";
    context.strokeStyle = "#0b1f44";
    context.fillStyle = "#0b1f44";

    function point(event) {
      var box = canvas.getBoundingClientRect();
      return {
        x: ((event.clientX - box.left) * canvas.width) / box.width,
        y: ((event.clientY - box.top) * canvas.height) / box.height,
      };
    }

    function dot(p) {
      context.beginPath();
      context.arc(p.x, p.y, context.lineWidth / 2, 0, 2 * Math.PI);
      context.fill();
    }

    function line(from, to) {
      context.beginPath();
      context.moveTo(from.x, from.y);
      context.lineTo(to.x, to.y);
      context.stroke();
    }

    canvas.addEventListener("pointerdown", function (event) {
      if (event.button !== 0) return;
      event.preventDefault();
      if (canvas.setPointerCapture) canvas.setPointerCapture(event.pointerId);
      drawing = true;
      inked = true;
      last = point(event);
      dot(last);
      status.textContent = "";
    });

    canvas.addEventListener("pointermove", function (event) {
      if (!drawing) return;
      event.preventDefault();
      // Coalesced events keep fast strokes smooth on phones.
      var events = event.getCoalescedEvents ? event.getCoalescedEvents() : [];
      if (!events.length) events = [event];
      events.forEach(function (e) {
        var p = point(e);
        line(last, p);
        last = p;
      });
    });

    function stop() {
      drawing = false;
      last = null;
    }
    canvas.addEventListener("pointerup", stop);
    canvas.addEventListener("pointercancel", stop);

    if (clear) {
      clear.addEventListener("click", function () {
        context.clearRect(0, 0, canvas.width, canvas.height);
        inked = false;
        input.value = "";
        status.textContent = pad.getAttribute("data-cleared-message") || "";
      });
    }

    form.addEventListener("submit", function (event) {
      var submitter = event.submitter;
      if (submitter && submitter.hasAttribute("data-no-drawing")) {
        input.value = "";
        return;
      }
      if (!inked) {
        event.preventDefault();
        status.textContent = pad.getAttribute("data-empty-message") || "";
        return;
      }
      input.value = canvas.toDataURL("image/png");
    });
  }

  document.querySelectorAll("[data-signature-pad]").forEach(setup);
})();
