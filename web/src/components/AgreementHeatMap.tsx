import type { Schemas } from '../api.js';
import { heatColour, heatMap } from '../heat.js';

/**
 * How often independence groups agreed where they both took a side: a table, a row and a column per
 * group (the busiest), each cell the share of their shared claims on which they agreed, coloured
 * from red to green.
 */
export function AgreementHeatMap({ pairs }: { pairs: Schemas['GroupAgreementDto'][] }) {
  const map = heatMap(pairs);
  if (map.groups.length === 0) return <p>No two groups have taken sides on the same claim yet.</p>;
  return (
    <div className="heat-scroll">
      <table className="heat" data-testid="agreement">
        <thead>
          <tr>
            <td />
            {map.groups.map((g) => (
              <th key={g.id} scope="col">
                {g.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {map.groups.map((row, i) => (
            <tr key={row.id}>
              <th scope="row">{row.name}</th>
              {map.cells[i].map((cell, j) =>
                cell ? (
                  <td
                    key={map.groups[j].id}
                    style={{ background: heatColour(cell.rate) }}
                    title={`${row.name} and ${map.groups[j].name}: agreed on ${cell.agree}, disagreed on ${cell.disagree}`}
                  >
                    {Math.round(cell.rate * 100)}%
                    <span className="detail">
                      {' '}
                      ({cell.agree}/{cell.agree + cell.disagree})
                    </span>
                  </td>
                ) : (
                  <td key={map.groups[j].id} className="empty">
                    –
                  </td>
                ),
              )}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
