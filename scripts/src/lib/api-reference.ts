import { eachOperation, type OperationMeta } from './operations.js';
import { deref, type OpenApiDocument } from './spec.js';

/**
 * The package's `api.md`: every operation of the spec, as Stainless SDKs ship it. Per operation: method and
 * path, operationId, summary, parameters, request and response types (as this package exports them), the
 * documented error statuses and codes, and what the client does for it (bearer token, idempotency-ref, pages,
 * bulk, documents, step-up). Grouped by the spec's first tag, in the spec's order; each operation has an anchor
 * named after its operationId, so links survive reordering.
 */
export function apiReference(options: {
  packageName: string;
  doc: OpenApiDocument;
  ops: readonly OperationMeta[];
  errorCodes: Readonly<Record<string, readonly string[]>>;
  sha256: string;
}): string {
  const { packageName, doc, ops, errorCodes } = options;
  const byKey = new Map(ops.map((o) => [`${o.method} ${o.path}`, o]));
  const groups = new Map<string, string[]>();
  const sections = new Map<string, string>();
  eachOperation(doc, (path, m, op, params) => {
    const key = `${m.toUpperCase()} ${path}`;
    const meta = byKey.get(key);
    if (!meta) return;
    const tag = String(op.tags?.[0] ?? 'Other');
    groups.set(tag, [...(groups.get(tag) ?? []), key]);
    sections.set(key, operationSection(doc, key, meta, op, params, errorCodes[key] ?? []));
  });
  const anchor = (key: string) => anchorOf(byKey.get(key) as OperationMeta);
  const tags = [...groups.keys()];
  const contents = tags.map((t) => `- [${t}](#${tagAnchor(t)}) (${groups.get(t)?.length})`).join('\n');
  const tables = tags.map((t) => {
    const rows = (groups.get(t) ?? []).map((k) => {
      const summary = oneLine(
        deref(doc, doc.paths[(byKey.get(k) as OperationMeta).path])[methodOf(k)]?.summary,
      );
      return `| [\`${k}\`](#${anchor(k)}) | ${escapeCell(summary)} |`;
    });
    const details = (groups.get(t) ?? []).map((k) => sections.get(k)).join('\n');
    return `<a id="${tagAnchor(t)}"></a>\n\n## ${t}\n\n| operation | summary |\n| --- | --- |\n${rows.join('\n')}\n\n${details}`;
  });
  return `<!-- generated from the spec by scripts/src/generate.ts, do not edit -->
# ${packageName}: API reference

Generated with this package from the ${doc.info.title} spec ${doc.info.version} (sha256 \`${options.sha256}\`).

Every operation of the ${doc.info.title} (${ops.length}), grouped by the spec's tags. Call one as
\`client.METHOD('/path', { params, body })\`. The types named below are exported by \`${packageName}\`:
\`RequestBody<'POST /path'>\`, \`ResponseBody<…>\`, \`PathParams<…>\`, \`QueryParams<…>\` and \`ErrorCode<…>\` of an
operation (by \`"METHOD /path"\` or operationId), and \`Schemas['Name']\` for the spec's named schemas.

## Contents

${contents}

${tables.join('\n')}`;
}

function methodOf(key: string): string {
  return key.slice(0, key.indexOf(' ')).toLowerCase();
}

/** `op-` and the operationId, lower-cased: unique per spec, and a valid HTML id. */
export function anchorOf(op: Pick<OperationMeta, 'operationId'>): string {
  return `op-${op.operationId.toLowerCase().replace(/[^a-z0-9_-]+/g, '-')}`;
}

function tagAnchor(tag: string): string {
  return `tag-${tag.toLowerCase().replace(/[^a-z0-9]+/g, '-')}`;
}

function oneLine(text: unknown): string {
  return typeof text === 'string' ? text.replace(/\s+/g, ' ').trim() : '';
}

function escapeCell(text: string): string {
  return text.replace(/\|/g, '\\|');
}

/** A schema in a few words: its `$ref` name, type, enum values, array items, bounds. */
function typeOf(doc: OpenApiDocument, raw: unknown): string {
  const ref = (raw as { $ref?: string } | undefined)?.$ref;
  if (ref?.startsWith('#/components/schemas/')) return `\`Schemas['${ref.split('/').pop()}']\``;
  const s = deref(doc, raw);
  if (!s || typeof s !== 'object') return 'any';
  if (Array.isArray(s.enum)) {
    const values = s.enum.map((v: unknown) => `\`${String(v)}\``);
    return values.length > 8 ? `${values.slice(0, 8).join(', ')}, … (${values.length})` : values.join(', ');
  }
  if (s.type === 'array') return `array of ${typeOf(doc, s.items)}`;
  const [min, max] = [s.minimum, s.maximum];
  const bounds =
    min !== undefined && max !== undefined
      ? ` ${min}–${max}`
      : min !== undefined
        ? ` ≥ ${min}`
        : max !== undefined
          ? ` ≤ ${max}`
          : '';
  const format = s.format ? ` (${s.format})` : '';
  return `${s.type ?? (s.oneOf || s.anyOf ? 'one of several shapes' : 'object')}${format}${bounds}`;
}

function parameterRow(doc: OpenApiDocument, where: string, params: OpenApiDocument[]): string[] {
  const list = params.filter((p) => p.in === where);
  if (!list.length) return [];
  const items = list.map(
    (p) =>
      `\`${p.name}\`${p.required ? ' (required)' : ''}: ${typeOf(doc, p.schema)}${p.deprecated ? ', deprecated' : ''}`,
  );
  return [`| ${where} parameters | ${escapeCell(items.join('; '))} |`];
}

function bodyName(content: OpenApiDocument | undefined): string {
  const json = Object.entries(content ?? {}).find(([type]) => /json/i.test(type));
  const ref = (json?.[1] as { schema?: { $ref?: string } } | undefined)?.schema?.$ref;
  return ref?.startsWith('#/components/schemas/') ? ` (\`Schemas['${ref.split('/').pop()}']\`)` : '';
}

function operationSection(
  doc: OpenApiDocument,
  key: string,
  meta: OperationMeta,
  op: OpenApiDocument,
  params: OpenApiDocument[],
  codes: readonly string[],
): string {
  const rows: string[] = [`| operationId | \`${meta.operationId}\` |`];
  rows.push(
    `| auth | ${
      meta.bearer === 'required'
        ? "API key and a bearer token (the client's `token`)"
        : meta.bearer === 'optional'
          ? 'API key; a bearer token when the client has one'
          : 'API key only (no token is sent)'
    } |`,
  );
  if (meta.idempotencyRef)
    rows.push(
      '| idempotency-ref | yes: a new one per call, the same on every retry (or yours: `idempotencyRef`) |',
    );
  if (meta.list)
    rows.push(
      `| pages | yes: \`paginate\` / \`paginatePages\`; items in \`${meta.list.itemField}\`, up to ${meta.list.maxLimit} per page (\`${meta.list.limitParam}\`) |`,
    );
  if (meta.bulk)
    rows.push(
      `| bulk | yes: \`submitBulk\`${meta.bulk.maxItems ? `, up to ${meta.bulk.maxItems} items per bulk` : ''} |`,
    );
  if (meta.media)
    rows.push(
      `| documents | \`getDocument\` with \`accept\`: ${meta.media.map((m) => `\`${m}\``).join(', ')} |`,
    );
  if (codes.includes('STEP_UP_REQUIRED'))
    rows.push(
      '| step-up | may answer 403 `STEP_UP_REQUIRED`: step up first, or wrap the call in `withStepUp` |',
    );
  if (meta.deprecated) rows.push('| deprecated | yes |');
  rows.push(
    ...parameterRow(doc, 'path', params),
    ...parameterRow(doc, 'query', params),
    ...parameterRow(doc, 'header', params),
  );
  const requestBody = deref(doc, op.requestBody);
  if (requestBody?.content)
    rows.push(
      `| request body | \`RequestBody<'${key}'>\`${bodyName(requestBody.content)}${requestBody.required ? '' : ', optional'} |`,
    );
  const responses = Object.entries(op.responses ?? {}) as [string, unknown][];
  const ok = responses.filter(([s]) => /^2/.test(s));
  const okContent = ok.map(([, r]) => deref(doc, r)?.content).find(Boolean);
  rows.push(
    `| response | ${ok.map(([s]) => s).join(', ') || 'none documented'}${
      okContent && Object.keys(okContent).some((t) => /json/i.test(t))
        ? `: \`ResponseBody<'${key}'>\`${bodyName(okContent)}`
        : okContent
          ? `: ${Object.keys(okContent)
              .map((t) => `\`${t}\``)
              .join(', ')}`
          : ''
    } |`,
  );
  const errors = responses.map(([s]) => s).filter((s) => /^[45]/.test(s));
  if (errors.length || codes.length)
    rows.push(
      `| errors | ${errors.join(', ')}${codes.length ? `; \`errorCode\`: ${codes.map((c) => `\`${c}\``).join(', ')}` : ''} |`,
    );
  const summary = oneLine(op.summary);
  return `<a id="${anchorOf(meta)}"></a>

### \`${key}\`

${summary ? `${summary}\n\n` : ''}| | |
| --- | --- |
${rows.join('\n')}
`;
}
