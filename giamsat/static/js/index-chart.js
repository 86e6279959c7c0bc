// Charts of the provincial indices (DTI, PII, PAR Index, SIPAS): the score by year, and the rank on a second,
// reversed axis (first place at the top). The figures come from the page (json_script) and are in its table too.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("index-data");
    if (!source || typeof Chart === "undefined") return;
    Chart.defaults.animation = false;
    JSON.parse(source.textContent).forEach(function (item) {
      var canvas = document.getElementById("index-chart-" + item.kind);
      if (!canvas) return;
      new Chart(canvas, {
        type: "line",
        data: {
          labels: item.years,
          datasets: [
            { label: item.score_label, data: item.scores, yAxisID: "score", borderColor: "#1f5fa8", tension: 0 },
            { label: item.rank_label, data: item.ranks, yAxisID: "rank", borderColor: "#c0392b", borderDash: [6, 4], tension: 0 },
          ],
        },
        options: {
          locale: document.documentElement.lang === "en" ? "en-GB" : "vi-VN",
          scales: {
            score: { position: "left", beginAtZero: false },
            rank: { position: "right", reverse: true, ticks: { precision: 0 }, grid: { drawOnChartArea: false } },
          },
        },
      });
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
