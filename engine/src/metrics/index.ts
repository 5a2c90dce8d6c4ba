// Metrics as pure reference functions over records and events; docs/metrics.md defines each figure.
export { calibration, type CalibrationInput, type CalibrationRow } from './calibration';
export {
  scoreCalibration,
  DEFAULT_SCORE_BAND_WIDTH,
  type ScoreBand,
  type ScoreCalibration,
  type ScoreCalibrationInput,
} from './score-calibration';
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
export { pipelineContribution, type PipelineContribution, type PipelineRecord } from './pipeline-contribution';
export { pipelineChange, type PipelineChange } from './pipeline-change';
export {
  addPipelineRow,
  addToPipelineRows,
  applyPipelineChange,
  pipelinePeriodEdges,
  pipelineRowKey,
  selectPipelineRows,
  type PipelinePlace,
  type PipelineRow,
} from './pipeline-rows';
export { pipelineFromGroups, type PipelineGroup } from './pipeline-from-groups';
export { recordAmount, DEFAULT_AMOUNT_FIELD } from './record-amount';
export { salesVelocity, velocityParts, type SalesVelocity, type VelocityParts } from './sales-velocity';
export { isTouch } from './is-touch';
export { stageOutcomes } from './stage-outcomes';
export type { FirstTouchSummary } from './time-to-first-touch';
export type { WinRate } from './win-rate';
export {
  HISTOGRAM_RELATIVE_ERROR,
  emptyHistogram,
  addToHistogram,
  mergeHistograms,
  removeFromHistogram,
  histogramCount,
  histogramPercentile,
  summarizeHistogram,
  type LogHistogram,
} from './log-histogram';
export { mergeSegmentSummaries, mergeSlicedSummaries } from './merge-segment-summaries';
export { DAY_MS, dayOf, emptySegmentSummary, type SegmentSummary, type SlicedSummary, type Reclosing, type ByDay } from './segment-summary';
export { summarizeSegment, summarizeSlices, type SummarizeSegmentInput, type SegmentRecord } from './summarize-segment';
export { selectSlices } from './select-slices';
export { filterOwners, leadSource, sliceFilter, type MetricsFilter } from './metric-slices';
export { startEdgeCorrections, type StartEdgeCorrections } from './start-edge-corrections';
export { funnelFromSummaries, type PeriodPart } from './funnel-from-summaries';
export { calibrationFromSummaries } from './calibration-from-summaries';
export { periodStretches, type PeriodStretches } from './period-stretches';
export { summaryMismatches } from './summary-mismatches';
