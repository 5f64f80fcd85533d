// The standard normal distribution, enough for a truncated-lognormal mean. erfc is the Chebyshev fit from
// Numerical Recipes (`erfcc`, fractional error < 1.2e-7 everywhere), which keeps relative accuracy in the
// tails — what matters when a size window sits far from the mean.

export function erfc(x: number): number {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r =
    t *
    Math.exp(
      -z * z -
        1.26551223 +
        t *
          (1.00002368 +
            t *
              (0.37409196 +
                t *
                  (0.09678418 +
                    t *
                      (-0.18628806 +
                        t *
                          (0.27886807 +
                            t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))),
    );
  return x >= 0 ? r : 2 - r;
}

export const erf = (x: number): number => 1 - erfc(x);

/** Φ(z) = P(Z ≤ z). */
export const normalCdf = (z: number): number => 0.5 * erfc(-z / Math.SQRT2);

/** P(lo < Z ≤ hi), computed on the side that avoids cancellation (1 − 1 in the upper tail). */
export function normalMass(lo: number, hi: number): number {
  if (!(hi > lo)) return 0;
  if (lo >= 0) return 0.5 * (erfc(lo / Math.SQRT2) - erfc(hi / Math.SQRT2));
  if (hi <= 0) return 0.5 * (erfc(-hi / Math.SQRT2) - erfc(-lo / Math.SQRT2));
  return 1 - 0.5 * erfc(hi / Math.SQRT2) - 0.5 * erfc(-lo / Math.SQRT2);
}
