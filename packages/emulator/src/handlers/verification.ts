import type { Ctx } from '../context.js';
import { conflict } from '../http-error.js';
import type { IdentityRef } from '../world.js';

/** With `requireVerification`, instruments need the owner's KYB/KYC approved (the simulator's verify). */
export function requireVerified(ctx: Ctx, owner: IdentityRef): void {
  if (!ctx.programme.requireVerification) return;
  if (ctx.world.identities.get(owner.id)?.verification !== 'APPROVED')
    throw conflict('OWNER_IDENTITY_NOT_VERIFIED');
}
