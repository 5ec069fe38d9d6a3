/// <reference types="vitest/config" />
import { fileURLToPath } from 'node:url';
import react from '@vitejs/plugin-react';
import { defineConfig, type Plugin, type ProxyOptions } from 'vite';

/**
 * Cross-origin isolation lets workers share memory (SharedArrayBuffer) with the page.
 * https://web.dev/articles/coop-coep
 */
const isolationHeaders = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Patient data never leaves the browser: no remote origin is allowed for anything.
 * 'wasm-unsafe-eval' is needed to compile the codec WebAssembly; blob: for workers/images made here.
 */
const productionCsp = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self' blob:",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "font-src 'self'",
  "connect-src 'self' blob: data:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'none'",
].join('; ');

/**
 * Served headers add frame-ancestors (no site may frame the app: clickjacking on a plan). It is ignored in a
 * <meta> CSP (CSP Level 3, section 6.4.2), so the built index.html's tag leaves it out.
 */
const servedCsp = `${productionCsp}; frame-ancestors 'none'`;

/** The dev server needs inline scripts (React refresh preamble) and its HMR websocket on this host. */
const devCsp = servedCsp
  .replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self'", "connect-src 'self' ws://localhost:* ws://127.0.0.1:*");

/** The built index.html carries the CSP itself, so it holds however the files are served (e.g. from a PACS). */
function cspMetaTag(): Plugin {
  return {
    name: 'spineplan-csp-meta',
    apply: 'build',
    transformIndexHtml: () => [
      {
        tag: 'meta',
        attrs: { 'http-equiv': 'Content-Security-Policy', content: productionCsp },
        injectTo: 'head-prepend',
      },
    ],
  };
}

/**
 * DICOMweb reaches the PACS through this app's own origin (the CSP allows 'self' only, and Orthanc sends no
 * CORS headers): /dicom-web/* is forwarded to SPINEPLAN_PACS_URL (the PACS root; Orthanc's DICOMweb plugin
 * serves /dicom-web there). WWW-Authenticate is dropped so a refused sign-in reaches the app as a plain 401
 * instead of the browser's own password prompt; a PACS that is down gives 502.
 */
const pacsProxy: Record<string, ProxyOptions> = {
  '/dicom-web': {
    target: process.env.SPINEPLAN_PACS_URL ?? 'http://127.0.0.1:8042',
    changeOrigin: true,
    configure: (proxy, options) => {
      proxy.on('proxyRes', (response) => {
        delete response.headers['www-authenticate'];
      });
      // A PACS that is down answers 502 (a gateway error), not a 500 that looks like the PACS's own failure.
      proxy.on('error', (error, _request, response) => {
        if (!('writeHead' in response) || response.headersSent) return;
        response.writeHead(502, { 'Content-Type': 'text/plain' });
        // No user:password of SPINEPLAN_PACS_URL in what the browser shows (issue 24 class 7).
        const shown = (text: string) => text.replace(/\b([a-z][a-z0-9+.-]*:\/\/)[^/?#@\s]*@/gi, '$1');
        response.end(shown(`PACS unreachable at ${String(options.target)} (${error.message})`));
      });
    },
  },
};

/**
 * The PACS proxy acts with the user's network reach, so only this app's own pages may use it: a request a
 * browser marks as coming from another site (Sec-Fetch-Site, Fetch Metadata; or an Origin that is not this
 * host) is refused before it is forwarded - a "simple" cross-site POST needs no CORS preflight and would
 * otherwise reach the PACS. Tools without these headers (curl, the tests' Node client) pass.
 */
function pacsSameOriginGuard(): Plugin {
  type Next = () => void;
  const guard = (
    req: { url?: string; headers: Record<string, string | string[] | undefined> },
    res: { statusCode: number; setHeader: (k: string, v: string) => void; end: (body: string) => void },
    next: Next,
  ) => {
    if (!req.url?.startsWith('/dicom-web')) return next();
    const site = req.headers['sec-fetch-site'];
    const origin = req.headers.origin;
    const host = req.headers.host;
    const crossSite =
      (typeof site === 'string' && site !== 'same-origin' && site !== 'none') ||
      (typeof origin === 'string' &&
        origin !== 'null' &&
        host !== undefined &&
        new URL(origin).host !== host);
    if (!crossSite) return next();
    res.statusCode = 403;
    res.setHeader('Content-Type', 'text/plain');
    res.end("Refused: the PACS proxy only answers this app's own pages (cross-site request).");
  };
  return {
    name: 'spineplan-pacs-same-origin',
    configureServer: (server) => {
      server.middlewares.use(guard);
    },
    configurePreviewServer: (server) => {
      server.middlewares.use(guard);
    },
  };
}

/**
 * @pmndrs/xr lazily imports its emulator (iwer + a dev UI, ~430 kB); the app never enables it (tests install
 * iwer themselves), so production builds resolve it to a stub and iwer never ships.
 */
function noXrEmulator(): Plugin {
  const stub = fileURLToPath(new URL('./src/xr/emulateStub.ts', import.meta.url));
  return {
    name: 'spineplan-no-xr-emulator',
    apply: 'build',
    enforce: 'pre',
    resolveId: (id, importer) => (id === './emulate.js' && importer?.includes('@pmndrs/xr') ? stub : null),
  };
}

export default defineConfig({
  plugins: [react(), cspMetaTag(), noXrEmulator(), pacsSameOriginGuard()],
  resolve: {
    alias: {
      // The codec packages do not export their .wasm files; this alias lets the decode worker import them
      // with `?url`, so Vite serves them from the app itself (no CDN).
      'codec-wasm/': fileURLToPath(new URL('./node_modules/@cornerstonejs/', import.meta.url)),
    },
  },
  server: {
    host: '127.0.0.1',
    headers: { ...isolationHeaders, 'Content-Security-Policy': devCsp, 'X-Frame-Options': 'DENY' },
    proxy: pacsProxy,
  },
  preview: {
    host: '127.0.0.1',
    headers: { ...isolationHeaders, 'Content-Security-Policy': servedCsp, 'X-Frame-Options': 'DENY' },
    proxy: pacsProxy,
  },
  worker: { format: 'es' },
  build: {
    outDir: process.env.SPINEPLAN_OUT_DIR ?? 'dist',
    emptyOutDir: true,
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2500,
  },
  test: {
    include: ['test/unit/**/*.test.ts', 'src/**/*.test.ts'],
    globalSetup: ['test/unit/requireTestData.ts'],
    environment: 'node',
    testTimeout: 60_000,
    pool: 'forks',
  },
});
