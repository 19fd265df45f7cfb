/**
 * `@weavr-sdk/mcp`: Weavr's Multi and Back-Office APIs as Model Context Protocol tools, generated from the
 * specs and called through the SDK's clients. Read-only unless told otherwise.
 */

export { specs } from './catalog.js';
export { type HttpListenOptions, startWeavrMcpHttpServer, type WeavrMcpHttpServer } from './http.js';
export type { ApiChoice, WeavrMcpOptions } from './options.js';
export { createWeavrMcpServer } from './server.js';
export type { ToolKind } from './tool-table.js';
