/**
 * Exact counting without bigint in the hot loop: counts are kept modulo a few primes below
 * 2^26 (so a product of two residues is below 2^52 and exact in a double) and put back
 * together by the Chinese remainder theorem. Inclusion–exclusion subtracts, so floating-point
 * counts would lose the low digits; residues lose nothing.
 */

function isPrime(n: number): boolean {
  if (n < 2) return false;
  for (let d = 2; d * d <= n; d++) if (n % d === 0) return false;
  return true;
}

const PRIMES: number[] = [];
for (let p = 2 ** 26 - 1; PRIMES.length < 12; p -= 2) if (isPrime(p)) PRIMES.push(p);

/** Enough primes that their product exceeds `bound` (an upper bound on every value wanted). */
export function primesFor(bound: bigint): number[] {
  const out: number[] = [];
  let m = 1n;
  for (const p of PRIMES) {
    if (m > bound) break;
    out.push(p);
    m *= BigInt(p);
  }
  if (m <= bound) throw new Error('count too large for the modular counter');
  return out;
}

function modInverse(a: bigint, m: bigint): bigint {
  let [r0, r1] = [a % m, m];
  let [s0, s1] = [1n, 0n];
  while (r1 !== 0n) {
    const q = r0 / r1;
    [r0, r1] = [r1, r0 - q * r1];
    [s0, s1] = [s1, s0 - q * s1];
  }
  return ((s0 % m) + m) % m;
}

/** The value in [0, Πp) with the given residues. */
export function fromResidues(residues: ArrayLike<number>, primes: readonly number[]): bigint {
  let m = 1n;
  for (const p of primes) m *= BigInt(p);
  let x = 0n;
  primes.forEach((p, i) => {
    const pb = BigInt(p);
    const mi = m / pb;
    x += BigInt(residues[i]!) * mi * modInverse(mi % pb, pb);
  });
  return x % m;
}

/** a·b mod p for residues below 2^26: the product is below 2^52, exact in a double. */
function mulMod(a: number, b: number, p: number): number {
  return (a * b) % p;
}

/** Inverses of 1..20 modulo each prime: a sample never holds more picks than that. */
const INVERSES = new Map<number, number[]>();
function inverses(p: number): number[] {
  let inv = INVERSES.get(p);
  if (!inv) {
    inv = [0];
    for (let c = 1; c <= 20; c++) inv.push(Number(modInverse(BigInt(c), BigInt(p))));
    INVERSES.set(p, inv);
  }
  return inv;
}

/**
 * C(n, c) mod p for c = 0..kMax, as C(n, c) = C(n, c-1)·(n-c+1)/c with the division done by
 * the inverse of c (p is prime and larger than c, and n < 2^26 here).
 */
export function binomialsMod(n: number, kMax: number, p: number): number[] {
  const inv = inverses(p);
  const row = [1];
  let x = 1;
  for (let c = 1; c <= kMax; c++) {
    x = c > n ? 0 : mulMod(mulMod(x, (n - c + 1) % p, p), inv[c]!, p);
    row.push(x);
  }
  return row;
}

/** n choose k as a bigint. */
export function binomial(n: number, k: number): bigint {
  if (k < 0 || k > n) return 0n;
  let r = 1n;
  for (let i = 0; i < k; i++) r = (r * BigInt(n - i)) / BigInt(i + 1);
  return r;
}
