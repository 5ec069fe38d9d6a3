import { fileURLToPath } from 'node:url';
import { build } from 'vite';

/**
 * Builds the bench page (index.html + main.ts here) with the Vite JS API into `outDir` (never the app's
 * dist/). The codec alias and ES workers mirror vite.config.ts, so the decode worker is the app's.
 */
export async function buildBenchPage(outDir: string): Promise<void> {
  await build({
    configFile: false,
    root: fileURLToPath(new URL('.', import.meta.url)),
    logLevel: 'error',
    resolve: {
      alias: {
        'codec-wasm/': fileURLToPath(new URL('../../../node_modules/@cornerstonejs/', import.meta.url)),
      },
    },
    worker: { format: 'es' },
    build: {
      outDir,
      emptyOutDir: true,
      target: 'es2022',
      chunkSizeWarningLimit: 5000,
      reportCompressedSize: false,
    },
  });
}
