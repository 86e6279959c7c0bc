// Charts of the leaders' overview, drawn with the locally served Chart.js. The figures come from the
// page (json_script) and are also printed in its tables; clicking a bar opens the tasks behind it.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("dashboard-data");
    if (!source || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    var narrow = window.matchMedia("(max-width: 700px)").matches;
    Chart.defaults.font.size = narrow ? 12 : 15; // readable on a projector and on a phone
    Chart.defaults.color = "#1d2433";
    Chart.defaults.animation = false;

    var statusCanvas = document.getElementById("status-chart");
    if (statusCanvas) {
      new Chart(statusCanvas, {
        type: "bar",
        data: {
          labels: data.status.labels,
          datasets: [{ data: data.status.counts, backgroundColor: data.status.colors }],
        },
        options: {
          indexAxis: "y",
          maintainAspectRatio: false,
          plugins: { legend: { display: false } },
          scales: { x: { beginAtZero: true, ticks: { precision: 0 } } },
          onClick: function (event, elements) {
            if (elements.length) window.location.href = data.status.links[elements[0].index];
          },
          onHover: function (event, elements) {
            event.native.target.style.cursor = elements.length ? "pointer" : "default";
          },
        },
      });
    }

    var trendCanvas = document.getElementById("trend-chart");
    if (trendCanvas) {
      var series = data.trend.series;
      new Chart(trendCanvas, {
        data: {
          labels: data.trend.labels,
          datasets: [
            { type: "bar", label: series[0], data: data.trend.done, backgroundColor: "#1e7b34", yAxisID: "count" },
            { type: "bar", label: series[1], data: data.trend.overdue, backgroundColor: "#b3261e", yAxisID: "count" },
            {
              type: "line", label: series[2], data: data.trend.on_time_rate, borderColor: "#0b57d0",
              backgroundColor: "#0b57d0", borderWidth: 3, spanGaps: true, yAxisID: "rate",
            },
          ],
        },
        options: {
          maintainAspectRatio: false,
          plugins: { legend: { position: "bottom" } },
          scales: {
            count: { type: "linear", position: "left", beginAtZero: true, ticks: { precision: 0 } },
            rate: { type: "linear", position: "right", min: 0, max: 100, grid: { drawOnChartArea: false },
                    ticks: { callback: function (value) { return value + "%"; } } },
          },
        },
      });
    }
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
