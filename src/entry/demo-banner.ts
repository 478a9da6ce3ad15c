// Node-only: what npm start's first start and npm run seed:demo print once the demo is loaded:
// one stamp URL per verdict to open or scan, and the console's demo users.
import type { Db } from '../db/client';
import { demoStampUrls } from '../demo/stamps';
import { DEMO_PASSWORD, DEMO_USERS } from '../demo/users';

export async function demoBanner(db: Db, publicBaseUrl: string): Promise<string> {
  const urls = await demoStampUrls(db);
  return (
    `\n  Demo stamps to open (or scan from \`npm run demo:pdf\`):\n${urls.map((u) => `    ${u.label.padEnd(20)} ${u.url}`).join('\n')}\n` +
    `\n  Console ${publicBaseUrl}/console, demo users (password ${DEMO_PASSWORD}):\n` +
    `${DEMO_USERS.map((u) => `    ${u.username.padEnd(22)} ${u.role}`).join('\n')}\n`
  );
}

/**
 * Said before loading the demo when PUBLIC_BASE_URL is unset: every stamp's QR code and link is
 * printed into its run with the default, which only this machine opens.
 */
export function publicBaseUrlWarning(defaultUrl: string): string {
  return (
    `warning: PUBLIC_BASE_URL is not set, so every demo stamp's QR code and link will point at ${defaultUrl}, ` +
    'which only this machine opens, and stays so in the demo print runs. To scan them with a phone or open ' +
    'them elsewhere, set PUBLIC_BASE_URL to the address the server is published at ' +
    '(e.g. PUBLIC_BASE_URL=https://trace.example.vn) and load the demo into an empty database.\n'
  );
}
