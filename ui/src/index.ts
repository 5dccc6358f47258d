/**
 * @tao-subnet/ui: framework-free charts for subnets. Each chart is a pure function from plain data
 * to an SVG (or HTML table) string, so it renders the same in Node (the simulation report, the
 * dashboard server) and in a browser (`el.innerHTML = chart(data)`). This file is the only public
 * surface.
 */
export { esc, formatTao, raoToTao, niceTicks, PALETTE, color, heat } from "./svg.js";
export type { Rao, SparseRow } from "./svg.js";
export { incentiveDividendsChart } from "./charts/incentiveDividends.js";
export type { UidScores, IncentiveDividendsOptions } from "./charts/incentiveDividends.js";
export { emissionChart } from "./charts/emission.js";
export type { EmissionPoint, EmissionChartOptions } from "./charts/emission.js";
export { matrixHeatmap, weightsMatrix, bondsHeatmap } from "./charts/matrix.js";
export type { MatrixOptions } from "./charts/matrix.js";
export { earningsChart, profileTable } from "./charts/earnings.js";
export type { EpochEarnings, ProfileTotal, EarningsOptions } from "./charts/earnings.js";
export { metagraphTable } from "./charts/metagraphTable.js";
export type { NeuronRow } from "./charts/metagraphTable.js";
export { STYLES, subnetDashboard, simulationReport, uidEarningsChart } from "./pages.js";
export type { SubnetView, SimulationReportInput } from "./pages.js";
