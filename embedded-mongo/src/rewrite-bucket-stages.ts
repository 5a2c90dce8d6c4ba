import type { Document } from 'bson';
import { isPlainDocument } from './document-path.js';

/**
 * Rewrites `$bucket` stages (also inside `$facet`) as the `$group` + `$sort` MongoDB defines them by.
 * mingo 7.2's own `$bucket` puts a value equal to a boundary in the bucket below and emits empty
 * buckets; MongoDB puts it in the bucket it opens and emits only buckets with documents.
 * @example rewriteBucketStages([{ $bucket: { groupBy: '$amount', boundaries: [0, 100] } }])
 */
export function rewriteBucketStages(pipeline: Document[]): Document[] {
  return pipeline.flatMap((stage): Document[] => {
    if (isPlainDocument(stage.$facet)) {
      const facets = Object.fromEntries(Object.entries(stage.$facet).map(([name, sub]) => [name, rewriteBucketStages(sub as Document[])]));
      return [{ $facet: facets }];
    }
    if (!isPlainDocument(stage.$bucket)) return [stage];
    const {
      groupBy,
      boundaries,
      default: fallback,
      output,
    } = stage.$bucket as { groupBy: unknown; boundaries: unknown[]; default?: unknown; output?: Document };
    const branches = boundaries.slice(0, -1).map((lower, i) => ({
      case: { $and: [{ $gte: [groupBy, lower] }, { $lt: [groupBy, boundaries[i + 1]] }] },
      // biome-ignore lint/suspicious/noThenProperty: `then` is the name MongoDB gives a $switch branch's result.
      then: lower,
    }));
    const bucketOf = { $switch: { branches, ...(fallback === undefined ? {} : { default: fallback }) } };
    return [{ $group: { _id: bucketOf, ...(output ?? { count: { $sum: 1 } }) } }, { $sort: { _id: 1 } }];
  });
}
