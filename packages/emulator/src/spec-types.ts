/** The shapes of the tables `scripts/src/generate-emulator.ts` writes into `src/generated/`. */

/** A JSON Schema from a Weavr spec, its `$ref`s pointing at `<api>#/$defs/<name>`. */
export type Schema = Record<string, unknown>;

export type ParamLocation = 'path' | 'query' | 'header';

/** One declared parameter of an operation. */
export interface ParamSpec {
  name: string;
  in: ParamLocation;
  required: boolean;
  schema: Schema;
  style?: string;
  explode?: boolean;
}

/** One operation as the spec declares it. */
export interface OperationSpec {
  method: string;
  path: string;
  operationId: string;
  /** Security alternatives, each the credentials it needs: `apiKey`, `bearer` or `programmeKey`. */
  security: string[][];
  params: ParamSpec[];
  body?: { required: boolean; mediaType: string; schema: Schema };
  /** The first declared 2xx status and its media types (empty: no body). */
  success: { status: number; media: string[] };
  /** Declared error statuses. */
  errors: number[];
  /** The schema of the success answer's JSON body. */
  response?: Schema;
  /** A deterministic, spec-valid body for the success answer (JSON media only). */
  sample?: unknown;
}

/** One API (Multi, Back-Office, simulator): its component schemas and operations. */
export interface ApiTable {
  name: 'multi' | 'backoffice' | 'simulator';
  title: string;
  version: string;
  sha256: string;
  defs: Record<string, Schema>;
  operations: OperationSpec[];
}

/** The webhooks spec: each event's name (the path appended to the receiver's URL) and payload schema. */
export interface WebhookTable {
  name: 'webhooks';
  title: string;
  version: string;
  sha256: string;
  defs: Record<string, Schema>;
  /** Each event with the headers the spec declares for it (lower-case: no `signature-v2` means unsigned). */
  events: { event: string; headers: string[]; schema: Schema }[];
}
