import { emptyNote, esc, heat, type SparseRow, svgOpen } from "../svg.js";

export interface MatrixOptions {
  /** Number of columns (uids); default: one more than the largest column index. */
  n?: number;
  width?: number;
  title?: string;
  /** Labels of the row and column axes. */
  rowLabel?: string;
  colLabel?: string;
  /** Colour each row relative to its own maximum instead of 65535 (default false). */
  rowNormalize?: boolean;
}

/** Steps in a heatmap's colour scale. */
const SCALE_STEPS = 10;

/**
 * The colour scale beside a heatmap (`g.color-scale`): `SCALE_STEPS` swatches from the darkest
 * (top, `labels[1]`) to white (bottom, `labels[0]`).
 */
function colorScale(x: number, y: number, height: number, labels: readonly [string, string], caption: string): string {
  const step = height / SCALE_STEPS;
  let out = `<g class="color-scale" transform="translate(${x},${y})"><text class="caption" x="0" y="-6" fill="#555" font-size="9">${esc(caption)}</text>`;
  for (let i = 0; i < SCALE_STEPS; i++) {
    const t = 1 - i / (SCALE_STEPS - 1);
    out += `<rect class="swatch" data-t="${t.toFixed(3)}" x="0" y="${(i * step).toFixed(2)}" width="12" height="${step.toFixed(2)}" fill="${heat(t)}"/>`;
  }
  out += `<rect x="0" y="0" width="12" height="${height}" fill="none" stroke="#ddd"/>`;
  out += `<text class="scale-label" x="16" y="8" fill="#555" font-size="9">${esc(labels[1])}</text>`;
  out += `<text class="scale-label" x="16" y="${height}" fill="#555" font-size="9">${esc(labels[0])}</text>`;
  return out + "</g>";
}

/**
 * A u16 sparse matrix (rows of `[uid, value]`) as a heatmap: each non-zero entry is a `rect.cell`
 * with `data-row`, `data-col` and `data-value`; rows that are empty still take their place. A colour
 * scale (`g.color-scale`) beside it says what white and the darkest blue mean: 0 and 65535
 * (100 %), or 0 and the row's largest value with `rowNormalize`.
 */
export function matrixHeatmap(rows: SparseRow[], options: MatrixOptions = {}): string {
  const cols = options.n ?? Math.max(rows.length, ...rows.flatMap((r) => r.map(([c]) => c + 1)));
  const title = options.title ?? "Matrix";
  const m = { top: 30, right: 90, bottom: 28, left: 40 };
  const cell = Math.max(2, Math.min(18, Math.floor(((options.width ?? 520) - m.left - m.right) / Math.max(1, cols))));
  const width = m.left + m.right + Math.max(cols, 1) * cell + 0;
  const scaleHeight = Math.max(60, Math.max(rows.length, 1) * cell);
  const height = m.top + m.bottom + scaleHeight;
  const outer = Math.max(width, 360);
  let out = svgOpen(outer, height, "matrix", title);
  out += `<text x="${m.left}" y="16" font-weight="600">${esc(title)}</text>`;
  if (rows.length === 0 || cols === 0) return out + emptyNote(outer, height, "empty") + "</svg>";
  out += `<rect x="${m.left}" y="${m.top}" width="${cols * cell}" height="${rows.length * cell}" fill="${heat(0)}" stroke="#ddd"/>`;
  rows.forEach((row, r) => {
    const max = options.rowNormalize ? Math.max(1, ...row.map(([, v]) => v)) : 65535;
    for (const [c, v] of row) {
      if (v === 0) continue;
      out += `<rect class="cell" data-row="${r}" data-col="${c}" data-value="${v}" x="${m.left + c * cell}" y="${m.top + r * cell}" width="${cell}" height="${cell}" fill="${heat(v / max)}"><title>${esc(options.rowLabel ?? "row")} ${r} → ${esc(options.colLabel ?? "col")} ${c}: ${v} (${((v / 65535) * 100).toFixed(1)}%)</title></rect>`;
    }
  });
  const every = Math.ceil(Math.max(cols, rows.length) / Math.max(1, Math.floor(400 / 14)));
  for (let c = 0; c < cols; c += every)
    out += `<text x="${m.left + c * cell + cell / 2}" y="${m.top - 3}" text-anchor="middle" fill="#555" font-size="9">${c}</text>`;
  for (let r = 0; r < rows.length; r += every)
    out += `<text x="${m.left - 4}" y="${m.top + r * cell + cell / 2 + 3}" text-anchor="end" fill="#555" font-size="9">${r}</text>`;
  const labels: [string, string] = options.rowNormalize ? ["0", "row's max"] : ["0", "65535 (100%)"];
  out += colorScale(m.left + cols * cell + 16, m.top, scaleHeight, labels, options.rowNormalize ? "share of row" : "u16 value");
  out += `<text x="${m.left}" y="${height - 8}" fill="#555">rows: ${esc(options.rowLabel ?? "row")} · columns: ${esc(options.colLabel ?? "col")}</text>`;
  return out + "</svg>";
}

/** The weights matrix W: validator rows, miner columns (values as the chain stores them, u16). */
export function weightsMatrix(weights: SparseRow[], options: Omit<MatrixOptions, "rowLabel" | "colLabel"> = {}): string {
  return matrixHeatmap(weights, { title: "Weights W (validator → miner)", rowNormalize: true, ...options, rowLabel: "validator uid", colLabel: "miner uid" });
}

/** The bonds matrix B after the epoch: validator rows, miner columns (u16). */
export function bondsHeatmap(bonds: SparseRow[], options: Omit<MatrixOptions, "rowLabel" | "colLabel"> = {}): string {
  return matrixHeatmap(bonds, { title: "Bonds B (validator → miner)", ...options, rowLabel: "validator uid", colLabel: "miner uid" });
}
