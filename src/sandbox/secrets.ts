import { createHash, generateKeyPairSync, randomBytes } from 'node:crypto';

/** A source of random bytes: node:crypto, or a reproducible stream when the sandbox is given a seed. */
export interface Randomness {
  bytes(n: number): Buffer;
  /** Whether the stream is seeded (then key pairs are derived, not generated, to stay reproducible). */
  seeded: boolean;
}

/** Random bytes from node:crypto, or from sha256(seed, counter) when `seed` is given (tests want stable secrets). */
export function createRandomness(seed?: number): Randomness {
  if (seed === undefined) return { bytes: (n) => randomBytes(n), seeded: false };
  let counter = 0;
  return {
    seeded: true,
    bytes(n) {
      const out: Buffer[] = [];
      let have = 0;
      while (have < n) {
        const block = createHash('sha256').update(`${seed}:${counter++}`).digest();
        out.push(block);
        have += block.length;
      }
      return Buffer.concat(out).subarray(0, n);
    },
  };
}

const ALNUM = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789';

/** A random string over [A-Za-z0-9] (rejection sampling keeps it unbiased). */
export function randomAlnum(rng: Randomness, length: number): string {
  let s = '';
  while (s.length < length) {
    for (const b of rng.bytes(length * 2)) {
      if (b < 248 && s.length < length) s += ALNUM[b % 62];
    }
  }
  return s;
}

/** A database-style password: 24 characters, URL-safe so connection strings need no escaping. */
export function generatePassword(rng: Randomness): string {
  return randomAlnum(rng, 24);
}

/** A platform API key in the documented `runos_sk_…` form. */
export function generateApiKey(rng: Randomness): string {
  return `runos_sk_${randomAlnum(rng, 40)}`;
}

/** An S3-style access key pair: a public id (`RK…`) and its 40-character secret. */
export function generateAccessKeyPair(rng: Randomness): { keyId: string; secret: string } {
  return { keyId: `RK${randomAlnum(rng, 18).toUpperCase()}`, secret: randomAlnum(rng, 40) };
}

/** A PEM private key: a real EC key from node:crypto, or seeded bytes in PEM armour when reproducible. */
export function generatePrivateKeyPem(rng: Randomness): string {
  if (!rng.seeded) {
    const { privateKey } = generateKeyPairSync('ec', { namedCurve: 'prime256v1' });
    return privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  }
  const body = rng.bytes(138).toString('base64').replace(/(.{64})/g, '$1\n');
  return `-----BEGIN PRIVATE KEY-----\n${body}\n-----END PRIVATE KEY-----\n`;
}

/** A masked preview that shows only the last four characters (`****b3f1`). */
export function maskValue(value: string): string {
  return `****${value.slice(-4)}`;
}

/** A SHA-256 fingerprint of a value, in the `SHA256:<base64>` form ssh-keygen prints. */
export function fingerprintOf(value: string | Buffer): string {
  return `SHA256:${createHash('sha256').update(value).digest('base64').replace(/=+$/, '')}`;
}
