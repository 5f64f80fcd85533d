// Ordinary least squares for the time model: y ≈ Σ βⱼ·xⱼ over a handful of columns, solved from the normal
// equations (the systems are 2×2 to 5×5), with each coefficient's standard error. Columns that carry no
// information (all zero, or a multiple of earlier ones) are left out and reported as `undefined`, so the
// caller keeps its prior for that term instead of getting a wild value.

export interface Coef {
  value: number;
  /** standard error; 0 when the data fit exactly or there are no spare degrees of freedom */
  sd: number;
}

export interface Fit {
  coefs: (Coef | undefined)[];
  /** residual standard deviation (same unit as y) */
  residualSd: number;
  n: number;
}

/** Solves A·x = b (A symmetric positive definite, small) by Gauss-Jordan; returns x and A⁻¹. */
function solve(a: number[][], b: number[]): { x: number[]; inv: number[][] } | undefined {
  const k = b.length;
  const m = a.map((row, i) => [...row, b[i], ...row.map((_, j) => (i === j ? 1 : 0))]);
  for (let c = 0; c < k; c++) {
    let p = c;
    for (let r = c + 1; r < k; r++) if (Math.abs(m[r][c]) > Math.abs(m[p][c])) p = r;
    if (!(Math.abs(m[p][c]) > 1e-12)) return undefined;
    [m[c], m[p]] = [m[p], m[c]];
    const d = m[c][c];
    for (let j = 0; j < m[c].length; j++) m[c][j] /= d;
    for (let r = 0; r < k; r++) {
      if (r === c) continue;
      const f = m[r][c];
      if (f !== 0) for (let j = 0; j < m[r].length; j++) m[r][j] -= f * m[c][j];
    }
  }
  return { x: m.map((row) => row[k]), inv: m.map((row) => row.slice(k + 1)) };
}

/**
 * Fits y = X·β. `rows[i]` are the regressors of sample i (same length for every sample). A column is used
 * only when it adds information: it is dropped when, scaled to unit length, it lies (almost) in the span of
 * the columns kept before it — so order columns by how much you trust them.
 */
export function fitLinear(rows: number[][], y: number[], weights?: number[]): Fit {
  const n = y.length;
  const p = rows[0]?.length ?? 0;
  const w = weights ?? y.map(() => 1);
  // Scale columns to unit norm so the rank test does not depend on units (seconds vs bytes).
  const norms = Array.from({ length: p }, (_, j) =>
    Math.sqrt(rows.reduce((s, r, i) => s + w[i] * r[j] * r[j], 0)),
  );
  const kept: number[] = [];
  for (let j = 0; j < p; j++) {
    if (!(norms[j] > 0) || kept.length >= n) continue;
    const cols = [...kept, j];
    const gram = cols.map((a) =>
      cols.map((b) => rows.reduce((s, r, i) => s + (w[i] * r[a] * r[b]) / (norms[a] * norms[b]), 0)),
    );
    // Determinant ratio test: the new column's squared distance from the span of the kept ones.
    const prev = kept.length
      ? solve(
          gram.slice(0, -1).map((r) => r.slice(0, -1)),
          gram[gram.length - 1].slice(0, -1),
        )
      : undefined;
    const proj = prev ? prev.x.reduce((s, xk, i) => s + xk * gram[gram.length - 1][i], 0) : 0;
    if (1 - proj > 1e-9) kept.push(j);
  }
  const coefs: (Coef | undefined)[] = Array.from({ length: p }, () => undefined);
  if (!kept.length) return { coefs, residualSd: 0, n };
  const xtx = kept.map((a) => kept.map((b) => rows.reduce((s, r, i) => s + w[i] * r[a] * r[b], 0)));
  const xty = kept.map((a) => rows.reduce((s, r, i) => s + w[i] * r[a] * y[i], 0));
  const sol = solve(xtx, xty);
  if (!sol) return { coefs, residualSd: 0, n };
  const rss = rows.reduce((s, r, i) => {
    const e = y[i] - kept.reduce((t, j, k) => t + sol.x[k] * r[j], 0);
    return s + w[i] * e * e;
  }, 0);
  const dof = n - kept.length;
  // Var(β) = σ²·(XᵀWX)⁻¹ with σ² the weighted residual variance (weights are inverse relative variances)
  const s2 = dof > 0 ? rss / dof : 0;
  kept.forEach((j, k) => {
    coefs[j] = { value: sol.x[k], sd: Math.sqrt(Math.max(0, s2 * sol.inv[k][k])) };
  });
  return { coefs, residualSd: Math.sqrt(Math.max(0, s2)), n };
}
