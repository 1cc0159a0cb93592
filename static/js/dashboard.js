/* SM-5: the dashboard's charts, drawn from the numbers the page already shows in its tables.
 *
 * The numbers come in <script type="application/json" id="dashboard-charts"> (json_script):
 * no inline script, so the Content-Security-Policy holds. Each canvas[data-chart] names its
 * section; data-chart-part="ages" draws the ageing of the open ones instead of the measures.
 */
(function () {
  "use strict";

  function start() {
    var source = document.getElementById("dashboard-charts");
    if (!source || typeof window.Chart !== "function") {
      return;
    }
    var data = JSON.parse(source.textContent);
    var rtl = document.documentElement.dir === "rtl";
    var canvases = document.querySelectorAll("canvas[data-chart]");
    for (var i = 0; i < canvases.length; i++) {
      var canvas = canvases[i];
      var section = data[canvas.getAttribute("data-chart")];
      if (!section) {
        continue;
      }
      var part = canvas.getAttribute("data-chart-part") === "ages" ? section.ages : section;
      new window.Chart(canvas, {
        type: "bar",
        data: {
          labels: part.labels,
          datasets: [{ data: part.values, backgroundColor: "#1f6f5c" }]
        },
        options: {
          indexAxis: "y",
          locale: "en",
          plugins: { legend: { display: false } },
          scales: { y: { position: rtl ? "right" : "left" }, x: { reverse: rtl, beginAtZero: true, ticks: { precision: 0 } } }
        }
      });
    }
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
