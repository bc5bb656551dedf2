import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from "chart.js";

// Only the parts a horizontal bar chart uses, so the chunk carries no other chart types.
Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

export interface Bar {
  label: string;
  count: number;
  colour: string;
}

/**
 * A horizontal bar chart on `canvas` (Chart.js). Loaded on its own (a chunk of its own, imported when
 * a chart has bars to draw), so the page's first paint never waits for the chart library.
 */
export function drawBars(canvas: HTMLCanvasElement, title: string, bars: Bar[]): { destroy(): void } {
  return new Chart(canvas, {
    type: "bar",
    data: {
      labels: bars.map((b) => b.label),
      datasets: [{ label: title, data: bars.map((b) => b.count), backgroundColor: bars.map((b) => b.colour) }],
    },
    options: {
      indexAxis: "y",
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      scales: {
        x: { beginAtZero: true, ticks: { precision: 0, color: "#1b1b1b" } },
        y: { ticks: { color: "#1b1b1b" } },
      },
    },
  });
}
