import { afterAll, beforeAll } from 'vitest';
import { type PrismServer, startPrism } from './prism.js';
import { type SampledRequest, sampleRequest } from './sample.js';
import { type OpenApiDocument, readSpec, type SpecOperation, specOperations } from './spec.js';

/** One spec served by Prism for a test file, and what its tests read of the spec. */
export interface PrismSpec {
  doc: OpenApiDocument;
  /** The spec's operations by `METHOD /path`. */
  byKey: Map<string, SpecOperation>;
  /** Prism's base URL (inside a test: Prism starts before the file's tests). */
  url(): string;
  /**
   * A request for the operation sampled from the spec, without the headers a client sets itself
   * (`idempotency-ref`, `accept`).
   */
  sampled(key: string): Promise<SampledRequest>;
}

/**
 * Serves `specFile` with Prism for the calling test file: started before its tests (up to 3 minutes on a
 * loaded machine), stopped after them.
 */
export function usePrism(specFile: string): PrismSpec {
  const doc = readSpec(specFile);
  const byKey = new Map(specOperations(doc).map((o) => [o.key, o]));
  let prism: PrismServer | undefined;
  beforeAll(async () => {
    prism = await startPrism({ spec: specFile });
  }, 180_000);
  afterAll(() => prism?.stop());
  return {
    doc,
    byKey,
    url() {
      if (!prism) throw new Error(`Prism is not serving ${specFile}: call url() inside a test`);
      return prism.url;
    },
    sampled: (key) =>
      sampleRequest(doc, byKey.get(key) as SpecOperation, { skipHeaders: ['idempotency-ref', 'accept'] }),
  };
}
