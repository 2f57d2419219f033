/** One pair of independence groups, as GET /v1/stats?include=agreement gives it. */
export interface AgreementPair {
  groupA: { id: string; name: string | null };
  groupB: { id: string; name: string | null };
  agree: number;
  disagree: number;
}

/** A square matrix of groups: `cells[i][j]` is what groups i and j share (null: nothing on record). */
export interface HeatMap {
  groups: { id: string; name: string }[];
  cells: ({ agree: number; disagree: number; rate: number } | null)[][];
}

/**
 * The agreement heat map: the groups that appear in the most pairs (at most `limit`, busiest
 * first, then by name), and for each pair the share of their shared claims on which they agreed.
 * Symmetric; the diagonal is empty.
 */
export function heatMap(pairs: readonly AgreementPair[], limit = 12): HeatMap {
  const weight = new Map<string, { name: string; shared: number }>();
  const add = (g: { id: string; name: string | null }, n: number) => {
    const w = weight.get(g.id) ?? { name: g.name ?? 'unnamed group', shared: 0 };
    w.shared += n;
    weight.set(g.id, w);
  };
  for (const p of pairs) {
    add(p.groupA, p.agree + p.disagree);
    add(p.groupB, p.agree + p.disagree);
  }
  const groups = [...weight.entries()]
    .sort(([, a], [, b]) => b.shared - a.shared || a.name.localeCompare(b.name))
    .slice(0, limit)
    .map(([id, w]) => ({ id, name: w.name }));
  const index = new Map(groups.map((g, i) => [g.id, i]));
  const cells: HeatMap['cells'] = groups.map(() => groups.map(() => null));
  for (const p of pairs) {
    const [i, j] = [index.get(p.groupA.id), index.get(p.groupB.id)];
    const shared = p.agree + p.disagree;
    if (i === undefined || j === undefined || i === j || shared === 0) continue;
    const cell = { agree: p.agree, disagree: p.disagree, rate: p.agree / shared };
    cells[i][j] = cell;
    cells[j][i] = cell;
  }
  return { groups, cells };
}

/** A cell's colour: red where the groups disagree, green where they agree, by the agreement rate. */
export function heatColour(rate: number): string {
  const hue = Math.round(120 * Math.min(1, Math.max(0, rate)));
  return `hsl(${hue} 55% 85%)`;
}
