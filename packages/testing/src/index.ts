export { type Branch, forceBranch, oneOfBranches } from './branches.js';
export { type ChildRun, runUntilExit } from './child.js';
export {
  type ClientBasics,
  type ClientCall,
  describeClientBasics,
  type RecordingServer,
  TEST_API_KEY,
  useRecordingServer,
} from './client-basics.js';
export { expectCredentialsFollowSpec, type OperationLike } from './credentials.js';
export { type Answer, fakeApi, type Hit } from './fake-api.js';
export { type PrismOptions, type PrismServer, startPrism } from './prism.js';
export { pathParams, type Reply, type Seen, startServer } from './recording-server.js';
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
export { type PrismSpec, usePrism } from './use-prism.js';
export { schemaErrors } from './validate.js';
export { describeWorkflowsOnPrism, type WorkflowsOnPrism } from './workflows-on-prism.js';
