export { type Branch, forceBranch, oneOfBranches } from './branches.js';
export { type PrismOptions, type PrismServer, startPrism } from './prism.js';
export {
  type BranchSample,
  hashSeed,
  type SampledRequest,
  type SampleOptions,
  sampleBodyBranches,
  sampleInlined,
  sampleRequest,
  sampleSchema,
} from './sample.js';
export { inlineSchema } from './schema.js';
export {
  type OpenApiDocument,
  readSpec,
  resolveRef,
  type Schema,
  type SpecOperation,
  type SpecParameter,
  specOperations,
} from './spec.js';
export { schemaErrors } from './validate.js';
