import type { Request, Response, Router } from 'express';
import { z } from 'zod';

/**
 * One endpoint: its query (and body) schema, one handler, and the metadata the OpenAPI document
 * is built from. Routes stay thin: validate, call a service, send one shape.
 */
export interface RouteSpec<Q extends z.ZodType, B extends z.ZodType | undefined = undefined> {
  method: 'get' | 'post';
  path: string;
  summary: string;
  query: Q;
  body?: B;
  /** Returns the JSON body, or sends the response itself and returns undefined. */
  handler: (
    query: z.output<Q>,
    ctx: { req: Request; res: Response; body: B extends z.ZodType ? z.output<B> : undefined },
  ) => unknown | Promise<unknown>;
}

export class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The first validation problem, naming the parameter: "to: must be a month written YYYY-MM". */
export function describeZodError(error: z.ZodError, where: 'query' | 'body'): string {
  const issue = error.issues[0];
  const name = issue.path.length ? issue.path.join('.') : where;
  return `${name}: ${issue.message}`;
}

export function mount<Q extends z.ZodType, B extends z.ZodType | undefined>(router: Router, spec: RouteSpec<Q, B>): void {
  router[spec.method](spec.path, async (req, res) => {
    try {
      const query = spec.query.safeParse(req.query);
      if (!query.success) throw new HttpError(400, describeZodError(query.error, 'query'));
      let body: unknown = undefined;
      if (spec.body) {
        const parsed = spec.body.safeParse(req.body);
        if (!parsed.success) throw new HttpError(400, describeZodError(parsed.error, 'body'));
        body = parsed.data;
      }
      const result = await spec.handler(query.data, { req, res, body: body as never });
      if (result !== undefined && !res.headersSent) res.json(result);
    } catch (err) {
      if (err instanceof HttpError) {
        res.status(err.status).json({ error: err.message });
        return;
      }
      console.error(err);
      res.status(500).json({ error: err instanceof Error ? err.message : String(err) });
    }
  });
}

export type AnyRoute = RouteSpec<z.ZodType, z.ZodType | undefined>;

/** Types one route's handler from its schemas, then erases them so routes can share a list. */
export function defineRoute<Q extends z.ZodType, B extends z.ZodType | undefined = undefined>(spec: RouteSpec<Q, B>): AnyRoute {
  return spec as unknown as AnyRoute;
}
