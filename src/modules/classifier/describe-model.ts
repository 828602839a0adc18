import type { Model, ModelSummary } from './types.js';

export function describeModel(model: Model): ModelSummary {
  return {
    algorithm: model.algorithm,
    formatVersion: model.formatVersion,
    categories: [...model.categories],
    exampleCount: model.exampleCount,
    featureCount: model.buckets.length,
    ...(model.embedding === undefined ? {} : { embedding: { ...model.embedding } }),
  };
}
