// Draws the dashboard's charts from the page's JSON data island (#dashboard-data) with
// Chart.js (loaded before this module as build/chart.umd.min.js). No inline script, so
// the page keeps its Content-Security-Policy. The charts are hidden until drawn: without
// JavaScript the page shows the table, which always holds the same figures.

const LEVEL_COLOURS = {
  low: "#00703c",
  medium: "#1d70b8",
  high: "#912b88",
  very_high: "#d4351c",
  none: "#505a5f",
};
const OVERDUE_COLOURS = { visits: "#d4351c", reviews: "#1d70b8" };

function draw(Chart, figure, labels, series, colours, stacked) {
  const canvas = figure.querySelector("canvas");
  const box = canvas.parentElement;
  box.style.position = "relative";
  box.style.height = `${Math.max(160, 48 + labels.length * 36)}px`;
  figure.hidden = false;
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels,
      datasets: series.map((s) => ({
        label: s.label,
        data: s.data,
        backgroundColor: colours[s.key],
        borderColor: "#ffffff",
        borderWidth: stacked ? 1 : 0,
      })),
    },
    options: {
      indexAxis: "y",
      maintainAspectRatio: false,
      animation: false,
      scales: {
        x: { stacked, beginAtZero: true, ticks: { precision: 0 } },
        y: { stacked },
      },
      plugins: { legend: { position: "bottom" } },
    },
  });
}

function main() {
  const island = document.getElementById("dashboard-data");
  const Chart = globalThis.Chart;
  if (!island || !Chart) return;
  const data = JSON.parse(island.textContent);
  if (!data.officers.length) return;
  // The page's own typeface (the table's), not the browser's default.
  const table = document.getElementById("dashboard-table");
  if (table) Chart.defaults.font.family = getComputedStyle(table).fontFamily;
  Chart.defaults.color = "#0b0c0c";
  const caseload = document.querySelector("[data-chart='caseload']");
  const overdue = document.querySelector("[data-chart='overdue']");
  if (caseload) draw(Chart, caseload, data.officers, data.caseload, LEVEL_COLOURS, true);
  if (overdue) draw(Chart, overdue, data.officers, data.overdue, OVERDUE_COLOURS, false);
}

main();
