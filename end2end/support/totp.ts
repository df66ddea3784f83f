import { createHmac } from 'node:crypto';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';

function base32Decode(input: string): Buffer {
  const alphabet = 'ABCDEFGHIJKLMNOPQRSTUVWXYZ234567';
  let bits = 0;
  let value = 0;
  const out: number[] = [];
  for (const ch of input.replace(/=+$/, '').toUpperCase()) {
    const idx = alphabet.indexOf(ch);
    if (idx < 0) throw new Error(`not base32: ${ch}`);
    value = (value << 5) | idx;
    bits += 5;
    if (bits >= 8) {
      out.push((value >>> (bits - 8)) & 0xff);
      bits -= 8;
    }
  }
  return Buffer.from(out);
}

/** RFC 6238 code (SHA-1, 6 digits, 30 s) of a base32 secret at a time step. */
export function totpAt(secret: string, step: number): string {
  const counter = Buffer.alloc(8);
  counter.writeBigUInt64BE(BigInt(step));
  const h = createHmac('sha1', base32Decode(secret)).update(counter).digest();
  const offset = h[h.length - 1] & 0x0f;
  return ((h.readUInt32BE(offset) & 0x7fffffff) % 1_000_000).toString().padStart(6, '0');
}

/** The step last used per secret, kept in the run's data folder: Playwright starts a new worker
 * after a failed test, and the next test must not reuse a code the portal already took. */
function usedFile(): string {
  return path.join(process.env.PORTAL_E2E_DATA ?? os.tmpdir(), 'totp-steps.json');
}

function lastUsed(): Record<string, number> {
  try {
    return JSON.parse(fs.readFileSync(usedFile(), 'utf8'));
  } catch {
    return {};
  }
}

/** The current code, waiting for the next step when this secret's code was already used:
 * the portal accepts each code once. */
export async function freshCode(secret: string): Promise<string> {
  for (;;) {
    const step = Math.floor(Date.now() / 1000 / 30);
    const used = lastUsed();
    if (used[secret] !== step) {
      used[secret] = step;
      fs.writeFileSync(usedFile(), JSON.stringify(used));
      return totpAt(secret, step);
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
}
