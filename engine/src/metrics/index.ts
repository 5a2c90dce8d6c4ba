// Metrics as pure reference functions over records and events; docs/metrics.md defines each figure.
export { calibration, type CalibrationInput, type CalibrationRow } from './calibration';
export type { DurationSummary } from './duration-summary';
export { funnelMetrics, type FunnelMetrics, type FunnelMetricsInput } from './funnel-metrics';
export type { FunnelStageMetrics } from './funnel-stages';
export { mainPathOrder } from './main-path-order';
export { managerChain, type ManagerMap } from './manager-chain';
export type { MetricsWorkflow } from './metrics-workflow';
export { nearestRankPercentile } from './nearest-rank-percentile';
export type { MetricsPeriod } from './period';
export { pipelineMetrics, type PipelineMetrics, type PipelineMetricsInput } from './pipeline-metrics';
export type { PipelineTotals } from './pipeline-totals';
export { recordAmount, DEFAULT_AMOUNT_FIELD } from './record-amount';
export { isTouch } from './is-touch';
export { stageOutcomes } from './stage-outcomes';
export type { FirstTouchSummary } from './time-to-first-touch';
export type { WinRate } from './win-rate';
