import type { z } from 'zod';
import { responseSchemas } from '../../contract/responses';
import { nonJsonFormats } from '../../contract/nonJson';

/** How the contract names a route: its method and path exactly as defineRoute gives them. */
export function routeKey(spec: { method: string; path: string }): string {
  return `${spec.method.toUpperCase()} ${spec.path}`;
}

/**
 * The declared JSON answer of a route. Every route must be in the contract (contract/responses.ts,
 * or contract/nonJson.ts for routes that answer only in files), so a new route without a declared
 * response fails when the app is built rather than drifting silently.
 */
export function declaredResponse(spec: { method: string; path: string }): z.ZodType | undefined {
  const key = routeKey(spec);
  const json = (responseSchemas as Record<string, z.ZodType>)[key];
  if (!json && !(key in nonJsonFormats)) throw new Error(`${key}: no response schema in contract/responses.ts`);
  return json;
}

/** Response checking is on in the test suite (ATLAS_CHECK_RESPONSES=1), off in service. */
export const checkResponses = (): boolean => process.env.ATLAS_CHECK_RESPONSES === '1';

/** Throws naming the route and the first field that differs from the contract. */
export function assertDeclared(spec: { method: string; path: string }, schema: z.ZodType, value: unknown): void {
  // What the client receives is the JSON text: NaN becomes null, undefined fields vanish.
  const parsed = schema.safeParse(JSON.parse(JSON.stringify(value)));
  if (parsed.success) return;
  const issue = parsed.error.issues[0];
  throw new Error(`${routeKey(spec)} answered outside its contract: ${issue.path.join('.') || '(root)'}: ${issue.message}`);
}
