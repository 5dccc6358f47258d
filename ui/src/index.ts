/**
 * @tao-subnet/ui: framework-free charts for subnets. Each chart is a pure function from plain data
 * to an SVG (or HTML table) string, so it renders the same in Node (the simulation report, the
 * dashboard server) and in a browser (`el.innerHTML = chart(data)`). This file is the only public
 * surface.
 */

export type { EarningsOptions, EpochEarnings, ProfileTableOptions, ProfileTotal } from "./charts/earnings.js";
export { earningsChart, profileTable } from "./charts/earnings.js";
export type { EmissionChartOptions, EmissionPoint } from "./charts/emission.js";
export { emissionChart } from "./charts/emission.js";
export type { IncentiveDividendsOptions, UidScores } from "./charts/incentiveDividends.js";
export { incentiveDividendsChart } from "./charts/incentiveDividends.js";
export type { MatrixOptions } from "./charts/matrix.js";
export { bondsHeatmap, matrixHeatmap, weightsMatrix } from "./charts/matrix.js";
export type { MechanismTotal } from "./charts/mechanisms.js";
export { mechanismTable } from "./charts/mechanisms.js";
export type { NeuronRow } from "./charts/metagraphTable.js";
export { metagraphTable } from "./charts/metagraphTable.js";
export type { OwnerLineOptions, OwnerPoint } from "./charts/ownerLine.js";
export { ownerLineChart } from "./charts/ownerLine.js";
export type { PriceChartOptions, PricePoint } from "./charts/price.js";
export { priceChart } from "./charts/price.js";
export type { ParamValue, SpreadValue, SweepChartOptions, SweepHeatmapData, SweepSeries } from "./charts/sweep.js";
export { sweepHeatmap, sweepLines } from "./charts/sweep.js";
export type { UidEarnings, UidEarningsOptions } from "./charts/uidEarnings.js";
export { uidEarningsChart } from "./charts/uidEarnings.js";
export type { SimulationEconomyInput } from "./economy.js";
export { ownerPoints, pricePoints } from "./economy.js";
export type { SimulationReportInput, SubnetEconomyView, SubnetView } from "./pages.js";
export { STYLES, simulationReport, subnetDashboard } from "./pages.js";
export type { Role } from "./profiles.js";
export { HONEST_PROFILES, isHonest, profileColors, profileOrder } from "./profiles.js";
export type { LegendEntry, Rao, SparseRow, Unit } from "./svg.js";
export { alphaToTaoRao, axisTicks, color, esc, formatAmount, formatPrice, formatTao, heat, legend, niceTicks, PALETTE, raoToTao, tickLabels } from "./svg.js";
export type { SweepPointMeasures, SweepReportInput } from "./sweepPage.js";
export { sweepReport, sweepSummary } from "./sweepPage.js";
export type { Verdict } from "./verdict.js";
export { economySentence, sharePercent, simulationVerdict, subnetEconomySentence, subnetVerdict } from "./verdict.js";
