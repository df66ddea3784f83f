import * as fs from 'node:fs';
import * as path from 'node:path';

function decodePart(headers: string, body: string): string {
  const encoding = /content-transfer-encoding:\s*([\w-]+)/i.exec(headers)?.[1]?.toLowerCase();
  if (encoding === 'base64') return Buffer.from(body.replace(/\s+/g, ''), 'base64').toString('utf8');
  if (encoding === 'quoted-printable') {
    const bytes = body
      .replace(/=\r?\n/g, '')
      .replace(/=([0-9A-F]{2})/gi, (_, h) => String.fromCharCode(parseInt(h, 16)));
    return Buffer.from(bytes, 'latin1').toString('utf8');
  }
  return body;
}

/** The text/plain part of the newest message to `to` in the maildir, waiting for it to arrive. */
export async function waitForMail(to: string, timeoutMs = 30_000): Promise<string> {
  const dir = path.join(process.env.PORTAL_E2E_MAILDIR ?? '', 'new');
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const files = fs.existsSync(dir) ? fs.readdirSync(dir).map((f) => path.join(dir, f)) : [];
    const messages = files
      .map((f) => ({ f, t: fs.statSync(f).mtimeMs, raw: fs.readFileSync(f, 'utf8') }))
      .filter((m) => new RegExp(`^To:.*${to.replace('.', '\\.')}`, 'im').test(m.raw))
      .sort((a, b) => b.t - a.t);
    if (messages.length > 0) {
      const raw = messages[0].raw;
      const parts = raw.split(/\r?\n--[^\r\n]+\r?\n/);
      for (const part of parts) {
        const split = part.search(/\r?\n\r?\n/);
        const headers = part.slice(0, split);
        if (/content-type:\s*text\/plain/i.test(headers)) {
          return decodePart(headers, part.slice(split).trim());
        }
      }
      throw new Error(`no text part in the e-mail to ${to}`);
    }
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`no e-mail to ${to} arrived`);
}
