// The chart of an indicator's page: its accepted values against the trajectory from the baseline through the
// milestones to the target, drawn with the locally served Chart.js. The figures come from the page (json_script,
// days as ordinal numbers on a linear axis) and are also listed in the page's tables.
(function () {
  "use strict";
  function draw() {
    var source = document.getElementById("indicator-chart-data");
    var canvas = document.getElementById("indicator-chart");
    if (!source || !canvas || typeof Chart === "undefined") return;
    var data = JSON.parse(source.textContent);
    Chart.defaults.font.size = window.matchMedia("(max-width: 700px)").matches ? 12 : 14;
    Chart.defaults.color = "#1d2433";
    Chart.defaults.animation = false;
    var byX = {};
    data.trajectory.concat(data.values).forEach(function (p) { byX[p.x] = p.day; });
    function day(x) {
      if (byX[x]) return byX[x];
      var d = new Date(Date.UTC(1970, 0, 1) + (x - data.epoch) * 86400000);
      return ("0" + d.getUTCDate()).slice(-2) + "/" + ("0" + (d.getUTCMonth() + 1)).slice(-2) + "/" + d.getUTCFullYear();
    }
    // One day alone (a target without baseline, milestones or values) would stretch the axis over centuries:
    // show the year around it.
    var xs = data.trajectory.concat(data.values).map(function (p) { return p.x; });
    var xMin = Math.min.apply(null, xs), xMax = Math.max.apply(null, xs);
    var xAxis = { type: "linear", ticks: { maxTicksLimit: 8, callback: function (value) { return day(Math.round(value)); } } };
    if (xs.length && xMax - xMin < 60) { xAxis.min = xMin - 183; xAxis.max = xMax + 183; }
    new Chart(canvas, {
      type: "line",
      data: {
        datasets: [
          {
            label: data.labels.trajectory, data: data.trajectory, borderColor: "#6b7280", backgroundColor: "#6b7280",
            borderDash: [6, 4], borderWidth: 2, pointRadius: 4,
          },
          {
            label: data.labels.values, data: data.values, borderColor: "#0b57d0", backgroundColor: "#0b57d0",
            borderWidth: 3, pointRadius: 5,
          },
        ],
      },
      options: {
        locale: document.documentElement.lang === "en" ? "en-GB" : "vi-VN",
        maintainAspectRatio: false,
        parsing: false,
        plugins: {
          legend: { position: "bottom" },
          tooltip: {
            callbacks: {
              title: function (items) { return items.length ? items[0].raw.day : ""; },
              label: function (item) { return item.dataset.label + ": " + item.raw.text + " " + data.labels.unit; },
            },
          },
        },
        scales: {
          x: xAxis,
          y: { title: { display: true, text: data.labels.unit } },
        },
      },
    });
  }
  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", draw);
  else draw();
})();
