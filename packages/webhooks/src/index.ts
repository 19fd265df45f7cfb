export { WeavrConfigError, WeavrError } from '@weavr-sdk/core';
export {
  type NodeRequestLike,
  type RequestVerifier,
  type RequestVerifyOptions,
  readNodeBody,
  readRequestBody,
  verifyNodeWebhook,
  verifyWebhookRequest,
} from './adapters.js';
export type { RawBody } from './body.js';
export {
  WebhookBodyError,
  type WebhookErrorCode,
  WebhookHeaderError,
  WebhookSignatureError,
  WebhookTimestampError,
  WebhookVerificationError,
} from './errors.js';
export {
  eventForUrl,
  type ForwardingWebhookName,
  type SignatureScheme,
  type UnidentifiedWebhook,
  type VerifiedWebhook,
  type WebhookEvent,
  type WebhookEventInfo,
  type WebhookName,
  type WebhookNameOf,
  type WebhookOperationIds,
  type WebhookPayload,
  type WebhookPayloads,
  type WebhookReplies,
  type WebhookSelector,
  webhookEvents,
} from './events.js';
export {
  createCardAuthorisationHandler,
  createForwardingHandler,
  type ForwardingContext,
  type ForwardingHandler,
  type ForwardingHandlerOptions,
  type ForwardingOutcome,
  type ForwardingSelector,
  type NodeResponseLike,
  WEAVR_FORWARDING_DEADLINE_MS,
} from './forwarding.js';
export type {
  components as MultiWebhookComponents,
  Schemas as MultiWebhookSchemas,
} from './generated/multi-webhooks.js';
export type { components as WebhookComponents, Schemas as WebhookSchemas } from './generated/schema.js';
export { specs } from './generated/spec.js';
export type { WebhookHeaders } from './headers.js';
export { DEFAULT_TOLERANCE_MS, type VerifyOptions } from './options.js';
export { type SignedWebhook, type SignWebhookOptions, signWebhook } from './sign.js';
export { signedContent, type VerifyWebhookOptions, verifyWebhook } from './verify.js';
