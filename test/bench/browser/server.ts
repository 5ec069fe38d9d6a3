import { readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import path from 'node:path';
import type { Volume } from '../../../src/volume/volume';
import type { VolumeMeta } from './transport';

const MIME: Record<string, string> = {
  '.html': 'text/html',
  '.js': 'text/javascript',
  '.css': 'text/css',
  '.wasm': 'application/wasm',
  '.json': 'application/json',
  '.map': 'application/json',
};

/** What the bench page may fetch besides its own files. */
export interface BenchContent {
  volumes: Map<string, Volume>;
  /** Encoded DICOM series by key: the page fetches `/dicom/<key>/<index>`. */
  dicom: Map<string, readonly string[]>;
}

/**
 * A plain static server for the built page plus volumes (raw Int16 + geometry JSON) and DICOM files from
 * memory or disk, on 127.0.0.1. Cross-origin isolated like the app (vite.config.ts), so workers behave alike.
 */
export function serveBenchPage(root: string, content: BenchContent, port: number): Promise<Server> {
  const server = createServer((request, response) => {
    const url = new URL(request.url ?? '/', 'http://localhost');
    const headers = {
      'Cross-Origin-Opener-Policy': 'same-origin',
      'Cross-Origin-Embedder-Policy': 'require-corp',
      'Cross-Origin-Resource-Policy': 'same-origin',
      'Cache-Control': 'no-store',
    };
    try {
      const volumeMatch = /^\/volume\/([^/]+)\.(json|bin)$/.exec(url.pathname);
      const dicomMatch = /^\/dicom\/([^/]+)\/(\d+)$/.exec(url.pathname);
      if (volumeMatch) {
        const volume = content.volumes.get(decodeURIComponent(volumeMatch[1]!));
        if (!volume) throw new Error('no such volume');
        if (volumeMatch[2] === 'json') {
          const meta: VolumeMeta = {
            name: volume.id,
            dims: [...volume.dims],
            spacingMm: [...volume.spacingMm],
            ijkToLps: volume.ijkToLps,
            rescaleSlope: volume.rescaleSlope,
            rescaleIntercept: volume.rescaleIntercept,
          };
          response.writeHead(200, { ...headers, 'Content-Type': 'application/json' });
          response.end(JSON.stringify(meta));
        } else {
          response.writeHead(200, { ...headers, 'Content-Type': 'application/octet-stream' });
          response.end(Buffer.from(volume.data.buffer, volume.data.byteOffset, volume.data.byteLength));
        }
        return;
      }
      if (dicomMatch) {
        const file = content.dicom.get(decodeURIComponent(dicomMatch[1]!))?.[Number(dicomMatch[2])];
        if (!file) throw new Error('no such file');
        response.writeHead(200, { ...headers, 'Content-Type': 'application/dicom' });
        response.end(readFileSync(file));
        return;
      }
      const relative = url.pathname === '/' ? 'index.html' : decodeURIComponent(url.pathname.slice(1));
      const file = path.resolve(root, relative);
      if (!file.startsWith(path.resolve(root))) throw new Error('outside the page');
      const body = readFileSync(file);
      response.writeHead(200, {
        ...headers,
        'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream',
      });
      response.end(body);
    } catch {
      response.writeHead(404, headers);
      response.end();
    }
  });
  return new Promise((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve(server));
  });
}
