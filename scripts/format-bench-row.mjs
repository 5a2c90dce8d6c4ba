// One row of `pnpm bench`'s closing table, `| benchmark | value | unit | target | met |`.

/**
 * Formats a benchmark row as a Markdown table row; a verdict (yes / NO) is printed only for a row
 * with a target, so a figure measured for reference never reads as a failure.
 * @example formatBenchRow({ benchmark: 'sweep', value: 6162, unit: 'records/s', target: '', met: '' }) // '| sweep | 6162 | records/s |  |  |'
 */
export function formatBenchRow({ benchmark, value, unit, target = '', met }) {
  // Benchmarks mark an unjudged row with `met: ''` or leave `met` out; only a target and a boolean make a verdict.
  const verdict = target !== '' && typeof met === 'boolean' ? (met ? 'yes' : 'NO') : '';
  return `| ${benchmark} | ${value} | ${unit} | ${target} | ${verdict} |`;
}
