/* HD-4: the beneficiary signs on the screen (finger, pen or mouse) with signature_pad.
 *
 * Markup (templates/requests/intake.html):
 *   [data-signature]            the block, inside the form
 *     [data-signature-screen]   the drawing part: canvas[data-signature-canvas],
 *                               button[data-signature-clear], [data-signature-empty] message,
 *                               input[data-signature-input] (hidden: the PNG as a data URL)
 *     [data-signature-scan]     the upload of a signed paper
 *   input[data-signature-method] radios: "screen" or "scan"
 *
 * The drawing is posted as a data URL in the hidden field. Asking to sign with an
 * empty box is refused here (signature_pad.isEmpty()) before anything is sent;
 * the server refuses it again. After a refused submission the posted drawing is
 * put back in the box, so the beneficiary does not have to sign twice.
 */
(function () {
  "use strict";

  function setUp(block) {
    var form = block.closest("form");
    var canvas = block.querySelector("[data-signature-canvas]");
    var input = block.querySelector("[data-signature-input]");
    var clearButton = block.querySelector("[data-signature-clear]");
    var emptyMessage = block.querySelector("[data-signature-empty]");
    var screenPart = block.querySelector("[data-signature-screen]");
    var scanPart = block.querySelector("[data-signature-scan]");
    var methods = form ? form.querySelectorAll("input[data-signature-method]") : [];
    if (!form || !canvas || !input || typeof window.SignaturePad !== "function") {
      return;
    }

    var pad = new window.SignaturePad(canvas, {
      penColor: "#111",
      minWidth: 0.8,
      maxWidth: 2.6,
      backgroundColor: "rgba(255, 255, 255, 0)"
    });

    function keep() {
      input.value = pad.isEmpty() ? "" : pad.toDataURL("image/png");
    }

    // The canvas is drawn at the screen's pixel density; redraw what was
    // signed when the size changes (rotating a tablet).
    function fit() {
      var ratio = Math.max(window.devicePixelRatio || 1, 1);
      var strokes = pad.toData();
      canvas.width = canvas.offsetWidth * ratio;
      canvas.height = canvas.offsetHeight * ratio;
      canvas.getContext("2d").scale(ratio, ratio);
      pad.clear();
      if (strokes.length) {
        pad.fromData(strokes);
      } else {
        restore();
      }
    }

    function restore() {
      if (input.value && input.value.indexOf("data:image/png;base64,") === 0) {
        pad.fromDataURL(input.value, { width: canvas.offsetWidth, height: canvas.offsetHeight })
          .catch(function () { input.value = ""; });
      }
    }

    function currentMethod() {
      for (var i = 0; i < methods.length; i++) {
        if (methods[i].checked) {
          return methods[i].value;
        }
      }
      return "screen";
    }

    function showMethod() {
      var scan = currentMethod() === "scan";
      if (screenPart) { screenPart.hidden = scan; }
      if (scanPart) { scanPart.hidden = !scan; }
      if (!scan) { fit(); }
    }


    pad.addEventListener("beginStroke", function () {
      if (emptyMessage) { emptyMessage.hidden = true; }
    });
    pad.addEventListener("endStroke", keep);

    if (clearButton) {
      clearButton.addEventListener("click", function () {
        pad.clear();
        input.value = "";
        canvas.focus();
      });
    }

    for (var i = 0; i < methods.length; i++) {
      methods[i].addEventListener("change", showMethod);
    }

    form.addEventListener("submit", function (event) {
      keep();
      var submitter = event.submitter;
      var action = submitter ? submitter.value : "";
      if (action === "sign" && currentMethod() !== "scan" && pad.isEmpty()) {
        event.preventDefault();
        if (emptyMessage) { emptyMessage.hidden = false; }
        canvas.focus();
      }
    });

    window.addEventListener("resize", fit);
    showMethod();
  }

  function start() {
    var blocks = document.querySelectorAll("[data-signature]");
    for (var i = 0; i < blocks.length; i++) {
      setUp(blocks[i]);
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
