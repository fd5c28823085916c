/**
 * Events per month for one negotiation, as a chart.js bar chart with a table of the same
 * numbers as its text alternative; events possibly happened by then are stacked apart,
 * named in the legend. Retracted events and correction records are not counted.
 */
import { BarController, BarElement, CategoryScale, Chart, Legend, LinearScale, Tooltip, type ChartDataset } from 'chart.js';
import { el, replaceChildren } from '../dom.js';
import { eventsPerMonth, type MonthCount } from '../activity.js';
import { formatTimePoint } from '../timeText.js';
import type { TimelineEntry } from '../types.js';

/** Registers only the chart.js parts the page uses, so the rest is left out of the bundle. */
export function registerChartParts(): void {
  Chart.register(BarController, BarElement, CategoryScale, Legend, LinearScale, Tooltip);
}

export class ActivityChart {
  private chart: Chart<'bar', number[], string> | undefined;

  constructor(private readonly container: HTMLElement) {}

  render(entries: readonly TimelineEntry[], title: string): void {
    this.chart?.destroy();
    this.chart = undefined;
    const data = eventsPerMonth(entries);
    if (data.length === 0) {
      replaceChildren(this.container, el('p', { class: 'empty' }, 'No activity to chart at this cut.'));
      return;
    }
    const labels = data.map((d) => formatTimePoint(d.month));
    const anyPossible = data.some((d) => d.possible > 0);
    const inWords = (d: MonthCount) => (anyPossible ? `${d.definite} definite, ${d.possible} possibly by then` : String(d.definite));
    const summary = `Events per month for ${title}: ${data.map((d, i) => `${labels[i]}: ${inWords(d)}`).join('; ')}.`;
    const canvas = el('canvas', { role: 'img', 'aria-label': summary, id: 'activity-canvas' });
    const columns = anyPossible ? ['Month', 'Events', 'Possibly by then'] : ['Month', 'Events'];
    const alternative = el(
      'details',
      { class: 'chart-data' },
      el('summary', {}, 'Activity as a table'),
      el(
        'table',
        { class: 'data compact' },
        el('caption', {}, `Events per month — ${title}`),
        el('thead', {}, el('tr', {}, ...columns.map((c) => el('th', { scope: 'col' }, c)))),
        el(
          'tbody',
          {},
          ...data.map((d, i) => el('tr', {}, el('th', { scope: 'row' }, labels[i]), el('td', {}, d.definite), anyPossible ? el('td', {}, d.possible) : null)),
        ),
      ),
    );
    replaceChildren(this.container, el('div', { class: 'chart-box' }, canvas), alternative);
    const datasets: ChartDataset<'bar', number[]>[] = [{ label: 'Events', data: data.map((d) => d.definite), backgroundColor: '#2f6f9f', borderRadius: 3 }];
    // Possible events are stacked on the definite ones, pale and outlined; the legend says what they are in words.
    if (anyPossible) {
      datasets.push({ label: 'Possibly by then', data: data.map((d) => d.possible), backgroundColor: 'rgba(107, 90, 30, 0.18)', borderColor: '#6b5a1e', borderWidth: 1, borderRadius: 3 });
    }
    this.chart = new Chart<'bar', number[], string>(canvas, {
      type: 'bar',
      data: { labels, datasets },
      options: {
        animation: false,
        maintainAspectRatio: false,
        responsive: true,
        scales: { x: { stacked: true }, y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } } },
        plugins: { tooltip: { enabled: true }, legend: { display: anyPossible } },
      },
    });
  }

  clear(): void {
    this.chart?.destroy();
    this.chart = undefined;
    this.container.replaceChildren();
  }
}
