/**
 * Events per month for one negotiation, as a chart.js bar chart with a table of the same
 * numbers as its text alternative. Retracted events and correction records are not counted.
 */
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip } from 'chart.js';
import { el, replaceChildren } from '../dom.js';
import { eventsPerMonth } from '../activity.js';
import { formatTimePoint } from '../timeText.js';
import type { TimelineEntry } from '../types.js';

/** Registers only the chart.js parts the page uses, so the rest is left out of the bundle. */
export function registerChartParts(): void {
  Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);
}

export class ActivityChart {
  private chart: Chart<'bar'> | undefined;

  constructor(private readonly container: HTMLElement) {}

  render(entries: TimelineEntry[], title: string): void {
    this.chart?.destroy();
    this.chart = undefined;
    const data = eventsPerMonth(entries);
    if (data.length === 0) {
      replaceChildren(this.container, el('p', { class: 'empty' }, 'No activity to chart at this cut.'));
      return;
    }
    const labels = data.map((d) => formatTimePoint(d.month));
    const summary = `Events per month for ${title}: ${data.map((d, i) => `${labels[i]}: ${d.count}`).join('; ')}.`;
    const canvas = el('canvas', { role: 'img', 'aria-label': summary, id: 'activity-canvas' });
    const alternative = el(
      'details',
      { class: 'chart-data' },
      el('summary', {}, 'Activity as a table'),
      el(
        'table',
        { class: 'data compact' },
        el('caption', {}, `Events per month — ${title}`),
        el('thead', {}, el('tr', {}, el('th', { scope: 'col' }, 'Month'), el('th', { scope: 'col' }, 'Events'))),
        el('tbody', {}, ...data.map((d, i) => el('tr', {}, el('th', { scope: 'row' }, labels[i]), el('td', {}, d.count)))),
      ),
    );
    replaceChildren(this.container, el('div', { class: 'chart-box' }, canvas), alternative);
    this.chart = new Chart(canvas, {
      type: 'bar',
      data: { labels, datasets: [{ label: 'Events', data: data.map((d) => d.count), backgroundColor: '#2f6f9f', borderRadius: 3 }] },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        scales: { y: { beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { tooltip: { enabled: true } },
      },
    });
  }

  clear(): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.container.replaceChildren();
  }
}
