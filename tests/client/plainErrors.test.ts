/** A failed request reaches the screen as a plain sentence naming the setting, never as validation text. */
import { describe, expect, it } from 'vitest';
import { ApiError, plainApiMessage, plainError } from '../../client/src/api';

describe('plain API errors', () => {
  it('names the settings a validation message is about, and nothing of the message', () => {
    expect(plainApiMessage(400, 'harm: Invalid option: expected one of "violence"|"asb"')).toBe(
      'the server could not use the harm type asked for',
    );
    expect(plainApiMessage(400, 'from: must be a month written YYYY-MM; to: must be a month written YYYY-MM')).toBe(
      'the server could not use the start month and end month asked for',
    );
    expect(plainApiMessage(400, 'res: Too small: expected number to be >=7, alpha: Invalid input')).toBe(
      'the server could not use the cell size and significance level asked for',
    );
    expect(plainApiMessage(400, 'something odd')).toBe('the server could not use one of the settings asked for');
  });

  it('says what a server fault, a missing endpoint or no answer means', () => {
    expect(plainApiMessage(500, 'TypeError: x is undefined')).toBe('the server had a problem answering (error 500); try again in a moment');
    expect(plainApiMessage(404)).toBe('this server does not offer it');
    expect(plainError(new TypeError('Failed to fetch'))).toBe('the server did not answer; check the connection and try again');
    expect(plainError(new ApiError('the server could not use the weighting asked for', 400, '/api/hexes', 'weight: Invalid option'))).toBe(
      'the server could not use the weighting asked for',
    );
  });

  it('cleans the raw server text other fetchers pass on', () => {
    expect(plainError(new Error('coverage: Too big: expected number to be <=0.5'))).toBe(
      'the server could not use the share of the area asked for',
    );
    expect(plainError(new Error('502 Bad Gateway'))).toBe('the server had a problem answering (error 502); try again in a moment');
    // A sentence already meant for people is kept.
    expect(plainError(new Error('The file has no points in the study area'))).toBe('The file has no points in the study area');
  });
});
