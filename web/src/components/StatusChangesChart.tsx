import {
  BarController,
  BarElement,
  CategoryScale,
  Chart,
  Legend,
  LinearScale,
  Tooltip,
} from 'chart.js';
import { useEffect, useRef } from 'react';
import type { Schemas } from '../api.js';
import { STATUS_COLOURS, STATUSES } from '../format.js';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip, Legend);

type Changes = Schemas['StatusChangesDto'];

/**
 * Status changes per day, stacked by the status claims moved to (Chart.js), with the same figures
 * as a table for those who do not read the chart.
 */
export function StatusChangesChart({ changes }: { changes: Changes }) {
  const canvas = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    if (!canvas.current) return;
    const chart = new Chart(canvas.current, {
      type: 'bar',
      data: {
        labels: changes.days.map((d) => d.day),
        datasets: STATUSES.map((s) => ({
          label: s,
          data: changes.days.map((d) => d.toStatus[s]),
          backgroundColor: STATUS_COLOURS[s],
        })),
      },
      options: {
        animation: false,
        responsive: true,
        maintainAspectRatio: false,
        scales: {
          x: { stacked: true },
          y: { stacked: true, beginAtZero: true, ticks: { precision: 0 } },
        },
      },
    });
    return () => chart.destroy();
  }, [changes]);
  const busy = changes.days.filter((d) => d.changes > 0);
  return (
    <>
      <div className="chart">
        <canvas
          ref={canvas}
          role="img"
          aria-label={`Status changes per day, ${changes.from} to ${changes.to} (${changes.timeZone}): ${changes.total} in all`}
          data-testid="status-changes"
        />
      </div>
      <details>
        <summary>The figures</summary>
        <table className="counts">
          <thead>
            <tr>
              <th scope="col">day</th>
              <th scope="col">changes</th>
              {STATUSES.map((s) => (
                <th key={s} scope="col">
                  to {s}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {busy.map((d) => (
              <tr key={d.day}>
                <th scope="row">{d.day}</th>
                <td>{d.changes}</td>
                {STATUSES.map((s) => (
                  <td key={s}>{d.toStatus[s]}</td>
                ))}
              </tr>
            ))}
          </tbody>
        </table>
      </details>
    </>
  );
}
