/** The one API layer: a store with no incidents is told apart, and every failure is an ApiError. */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { api, ApiError, heldMeta, type MetaResponse } from '../../client/src/api';

const base: MetaResponse = {
  categories: [],
  months: [],
  wards: [],
  areas: [],
  area: null,
  resolutions: [8],
  harmGroups: [],
  weightSchemes: [],
  attributions: [],
  firstMonth: '2023-01',
  lastMonth: '2025-11',
  bbox: [-1.5, 54.5, -1.2, 54.7],
  importedAt: null,
};

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('client API layer', () => {
  it('starts the map only with a store that holds months and an area', () => {
    expect(heldMeta(base)).toEqual(base);
    expect(heldMeta({ ...base, firstMonth: null })).toBeNull();
    expect(heldMeta({ ...base, lastMonth: null })).toBeNull();
    expect(heldMeta({ ...base, bbox: null })).toBeNull();
  });

  it('turns a refused tool request into the same ApiError as any other', async () => {
    vi.stubGlobal(
      'fetch',
      vi.fn(
        async () => new Response(JSON.stringify({ error: 'visit: must be a whole number' }), { status: 400, statusText: 'Bad Request' }),
      ),
    );
    const e = await api.cctv('{}').catch((x: unknown) => x);
    expect(e).toBeInstanceOf(ApiError);
    expect((e as ApiError).status).toBe(400);
    expect((e as ApiError).message).toBe('the server could not use one of the settings asked for');
    expect((e as ApiError).detail).toBe('visit: must be a whole number');
  });

  it('asks once for a patrol plan and shares the answer', async () => {
    const fetch = vi.fn(async () => new Response('{"places":[]}', { status: 200 }));
    vi.stubGlobal('fetch', fetch);
    const f = { from: '2025-06', to: '2025-11', harm: 'violence' };
    await api.patrol(f, 120, 15, 'exclude');
    await api.patrol(f, 120, 15, 'exclude');
    expect(fetch).toHaveBeenCalledTimes(1);
    expect(fetch.mock.calls[0]).toEqual(['/api/patrol-plan?from=2025-06&harm=violence&minutes=120&to=2025-11&visit=15', expect.anything()]);
  });
});
