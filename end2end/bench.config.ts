import { defineConfig } from '@playwright/test';

// The bench's browser figures, against a server scripts/bench.sh has started (BENCH_URL).
export default defineConfig({
  testDir: './bench',
  testMatch: /.*\.bench\.ts$/,
  timeout: 300_000,
  workers: 1,
  retries: 0,
  reporter: [['line']],
  use: {
    baseURL: process.env.BENCH_URL ?? 'http://127.0.0.1:3207',
    trace: 'off',
    launchOptions: {
      executablePath: process.env.CHROMIUM_PATH ?? '/usr/bin/chromium',
      args: ['--no-sandbox', '--disable-gpu', '--no-first-run', '--disable-background-networking'],
    },
  },
});
