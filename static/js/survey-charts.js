// Bar charts of a campaign's results (SM-1): the data comes from the page's
// <script type="application/json" id="survey-charts"> block, each chart from a
// <canvas data-chart="key">. The same numbers are in the table beside each chart.
(function () {
  "use strict";
  var source = document.getElementById("survey-charts");
  if (!source || typeof window.Chart === "undefined") {
    return;
  }
  var charts = JSON.parse(source.textContent);
  document.querySelectorAll("canvas[data-chart]").forEach(function (canvas) {
    var data = charts[canvas.dataset.chart];
    if (!data) {
      return;
    }
    new window.Chart(canvas, {
      type: "bar",
      data: { labels: data.labels, datasets: [{ data: data.values, backgroundColor: "#0f6e5b" }] },
      options: {
        plugins: { legend: { display: false } },
        scales: { y: { beginAtZero: true } },
        animation: false,
      },
    });
  });
})();
