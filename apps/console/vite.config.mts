import react from '@vitejs/plugin-react';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const root = fileURLToPath(new URL('.', import.meta.url));

// The console is served by the gateway at /console (apps/gateway/src/console), so every URL it builds starts there.
export default defineConfig({
  root,
  base: '/console/',
  plugins: [react()],
  resolve: {
    // The typed client from its sources: one ESM bundle, no CommonJS build of the library in the browser.
    alias: { '@jlis/portal-client': fileURLToPath(new URL('../../libs/portal-client/src/index.ts', import.meta.url)) },
  },
  build: {
    outDir: 'dist',
    emptyOutDir: true,
    assetsDir: 'assets',
    sourcemap: false,
    // Everything in one script and one stylesheet: no inline module preload polyfill the CSP would have to allow.
    modulePreload: { polyfill: false },
  },
  test: {
    root,
    environment: 'jsdom',
    include: ['src/**/*.test.{ts,tsx}'],
  },
});
