/**
 * Poisson tail probabilities, summed term by term in log space so that tiny tails keep their
 * relative precision (1 − CDF would round them to 0).
 */

const logFactorialTable: number[] = [0];

/** ln(k!) for a non-negative integer k: exact sums up to 10^5, Stirling's series above. */
export function logFactorial(k: number): number {
  if (k < 100000) {
    for (let j = logFactorialTable.length; j <= k; j++) logFactorialTable[j] = logFactorialTable[j - 1] + Math.log(j);
    return logFactorialTable[k];
  }
  const n = k + 1;
  return (n - 0.5) * Math.log(n) - n + 0.5 * Math.log(2 * Math.PI) + 1 / (12 * n) - 1 / (360 * n ** 3);
}

function logPmf(k: number, mu: number): number {
  return -mu + k * Math.log(mu) - logFactorial(k);
}

/** P(X >= s) for X ~ Poisson(mu); s an integer. */
export function poissonUpperTail(s: number, mu: number): number {
  if (s <= 0) return 1;
  if (mu <= 0) return 0;
  if (s <= mu) return 1 - poissonLowerTail(s - 1, mu);
  // Terms fall from k = s on, so sum until they stop mattering.
  let total = 0;
  for (let k = s; ; k++) {
    const term = Math.exp(logPmf(k, mu));
    total += term;
    if (term < total * 1e-17 || term === 0) break;
  }
  return Math.min(1, total);
}

/** P(X <= s) for X ~ Poisson(mu); s an integer. */
export function poissonLowerTail(s: number, mu: number): number {
  if (s < 0) return 0;
  if (mu <= 0) return 1;
  if (s >= mu) return 1 - poissonUpperTail(s + 1, mu);
  let total = 0;
  for (let k = s; k >= 0; k--) {
    const term = Math.exp(logPmf(k, mu));
    total += term;
    if (term < total * 1e-17) break;
  }
  return Math.min(1, total);
}
