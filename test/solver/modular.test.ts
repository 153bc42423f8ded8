import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { binomial, binomialsMod, fromResidues, primesFor } from '../../src/solver/modular.js';

describe('modular counting', () => {
  it('C(n, c) mod p matches the exact binomial', () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 3_000_000 }), fc.integer({ min: 1, max: 20 }), (n, k) => {
        for (const p of primesFor(10n ** 60n)) {
          const row = binomialsMod(n, k, p);
          for (let c = 0; c <= k; c++) expect(row[c]).toBe(Number(binomial(n, c) % BigInt(p)));
        }
      }),
      { numRuns: 300, seed: 1 },
    );
  });

  it('rebuilds any value below the primes’ product from its residues', () => {
    fc.assert(
      fc.property(fc.bigInt({ min: 0n, max: 10n ** 40n }), (x) => {
        const primes = primesFor(10n ** 40n);
        expect(fromResidues(primes.map((p) => Number(x % BigInt(p))), primes)).toBe(x);
      }),
      { numRuns: 300, seed: 2 },
    );
  });
});
