/**
 * @tao-subnet/ui: framework-free charts for subnets. Each chart is a pure function from plain data
 * to an SVG (or HTML table) string, so it renders the same in Node (the simulation report, the
 * dashboard server) and in a browser (`el.innerHTML = chart(data)`). This file is the only public
 * surface.
 */

export type { EarningsOptions, EpochEarnings, ProfileTotal } from "./charts/earnings.js";
export { earningsChart, profileTable } from "./charts/earnings.js";
export type { EmissionChartOptions, EmissionPoint } from "./charts/emission.js";
export { emissionChart } from "./charts/emission.js";
export type { IncentiveDividendsOptions, UidScores } from "./charts/incentiveDividends.js";
export { incentiveDividendsChart } from "./charts/incentiveDividends.js";
export type { MatrixOptions } from "./charts/matrix.js";
export { bondsHeatmap, matrixHeatmap, weightsMatrix } from "./charts/matrix.js";
export type { NeuronRow } from "./charts/metagraphTable.js";
export { metagraphTable } from "./charts/metagraphTable.js";
export type { SimulationReportInput, SubnetView } from "./pages.js";
export { STYLES, simulationReport, subnetDashboard, uidEarningsChart } from "./pages.js";
export type { Rao, SparseRow } from "./svg.js";
export { color, esc, formatTao, heat, niceTicks, PALETTE, raoToTao } from "./svg.js";
