/**
 * A DICOMweb server that sends more than it should (issue 24 class 3 for the PACS path): a real HTTP server
 * on loopback answers with a lying Content-Length, an endless chunked body, an endless JSON list and a series
 * larger than the memory budget. Each is refused by name, the connection is dropped early (the server sees
 * how much it got to send) and nothing of the answer is kept.
 */
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { downloadSeries } from '../../src/app/pacsDownload';
import { createDicomwebClient, MAX_JSON_ANSWER_BYTES } from '../../src/dicom/dicomweb/client';
import { DicomwebError } from '../../src/dicom/dicomweb/errors';
import type { PacsSeries } from '../../src/dicom/dicomweb/models';
import { ingestLimits } from '../../src/dicom/ingestLimits';

const MB = 1024 * 1024;
const CHUNK = new Uint8Array(64 * 1024).fill(0x41);
const STUDY = '1.2.3';
const SERIES = '1.2.3.4';
const IMAGE_BYTES = 1 * MB;

/** Bytes the server managed to write per path, and whether the client hung up before the end. */
const sent = new Map<string, { bytes: number; closedEarly: boolean }>();

/** Writes CHUNKs until the client goes away or `limit` bytes went out (a guard so a broken client cannot hang the test). */
function pump(req: IncomingMessage, res: ServerResponse, path: string, limit: number, first?: Uint8Array) {
  const record = { bytes: 0, closedEarly: false };
  sent.set(path, record);
  res.on('close', () => {
    record.closedEarly = !res.writableFinished;
  });
  if (first) {
    res.write(first);
    record.bytes += first.length;
  }
  const step = () => {
    while (!res.destroyed && record.bytes < limit) {
      record.bytes += CHUNK.length;
      if (!res.write(CHUNK)) {
        res.once('drain', step);
        return;
      }
    }
    if (!res.destroyed) res.end();
  };
  req.on('close', () => res.destroy());
  step();
}

function handle(req: IncomingMessage, res: ServerResponse) {
  const url = new URL(req.url ?? '/', 'http://x');
  const path = url.pathname;
  if (path === '/lying/studies/1.2.3/series/1.2.3.4/instances/9') {
    // Says 5 GB; would send them if the client kept reading.
    res.writeHead(200, { 'content-type': 'application/dicom', 'content-length': String(5 * 1024 ** 3) });
    pump(req, res, path, 64 * MB);
    return;
  }
  if (path === '/endless/studies/1.2.3/series/1.2.3.4/instances/9') {
    res.writeHead(200, { 'content-type': 'application/dicom' });
    pump(req, res, path, 256 * MB);
    return;
  }
  if (path === '/endless/studies') {
    res.writeHead(200, { 'content-type': 'application/dicom+json' });
    pump(
      req,
      res,
      path,
      2 * MAX_JSON_ANSWER_BYTES,
      new TextEncoder().encode('[{"0020000D":{"vr":"UI","Value":["'),
    );
    return;
  }
  if (path === `/series/studies/${STUDY}/series/${SERIES}/instances`) {
    const list = [1, 2, 3, 4].map((n) => ({
      '00080018': { vr: 'UI', Value: [`${SERIES}.${n}`] },
      '00200013': { vr: 'IS', Value: [n] },
    }));
    res.writeHead(200, { 'content-type': 'application/dicom+json' });
    res.end(JSON.stringify(list));
    return;
  }
  const image = /^\/series\/studies\/[^/]+\/series\/[^/]+\/instances\/([^/]+)$/.exec(path);
  if (image) {
    res.writeHead(200, { 'content-type': 'application/dicom', 'content-length': String(IMAGE_BYTES) });
    res.end(new Uint8Array(IMAGE_BYTES).fill(Number(image[1]!.split('.').pop())));
    return;
  }
  res.writeHead(404);
  res.end('not here');
}

describe('DICOMweb answers larger than allowed', () => {
  let server: Server;
  let base: string;
  beforeAll(async () => {
    server = createServer(handle);
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });

  const refusal = async (p: Promise<unknown>) => {
    const thrown = await p.then(
      () => undefined,
      (e: unknown) => e,
    );
    expect(thrown).toBeInstanceOf(DicomwebError);
    expect((thrown as DicomwebError).kind).toBe('too-large');
    return (thrown as DicomwebError).message;
  };
  /** The server's side of the connection, once it has noticed the client left. */
  const serverSide = async (path: string) => {
    await expect.poll(() => sent.get(path)?.closedEarly, { timeout: 10_000 }).toBe(true);
    return sent.get(path)!;
  };

  it('refuses an image whose declared length is over the limit before reading it', async () => {
    const client = createDicomwebClient({ baseUrl: `${base}/lying` });
    const message = await refusal(
      client.retrieveInstance(STUDY, SERIES, '9', undefined, 8 * MB, 'a test limit'),
    );
    expect(message).toContain('image 9');
    expect(message).toContain('declared as 5.0 GB');
    expect(message).toContain('8.0 MB allowed (a test limit)');
    // The client hung up long before the server's 64 MB guard.
    expect((await serverSide('/lying/studies/1.2.3/series/1.2.3.4/instances/9')).bytes).toBeLessThan(32 * MB);
  });

  it('stops reading an endless image at the limit and drops the connection', async () => {
    const client = createDicomwebClient({ baseUrl: `${base}/endless` });
    const heapBefore = process.memoryUsage().arrayBuffers;
    const message = await refusal(
      client.retrieveInstance(STUDY, SERIES, '9', undefined, 4 * MB, 'a test limit'),
    );
    expect(message).toContain('more than 4.0 MB');
    const side = await serverSide('/endless/studies/1.2.3/series/1.2.3.4/instances/9');
    expect(side.bytes).toBeLessThan(64 * MB);
    // What the client held stayed near its limit, not near what the server pushed.
    expect(process.memoryUsage().arrayBuffers - heapBefore).toBeLessThan(32 * MB);
  });

  it('refuses an endless DICOM JSON list by name', async () => {
    const client = createDicomwebClient({ baseUrl: `${base}/endless` });
    const message = await refusal(client.searchStudies({}));
    expect(message).toContain(`${base}/endless/studies`);
    expect(message).toContain('a DICOM JSON list');
    expect((await serverSide('/endless/studies')).bytes).toBeLessThan(2 * MAX_JSON_ANSWER_BYTES);
  });

  it('downloads a series within the memory budget and refuses one over it, naming the budget', async () => {
    const client = createDicomwebClient({ baseUrl: `${base}/series` });
    const series = { studyInstanceUid: STUDY, seriesInstanceUid: SERIES, seriesNumber: 7 } as PacsSeries;
    const signal = new AbortController().signal;
    const roomy = { ...ingestLimits(), budgetBytes: 16 * MB };
    const files = await downloadSeries(client, series, () => undefined, signal, roomy);
    expect(files.map((f) => f.path)).toEqual([
      'PACS/7/1.dcm',
      'PACS/7/2.dcm',
      'PACS/7/3.dcm',
      'PACS/7/4.dcm',
    ]);
    expect(new Uint8Array(await files[2]!.blob.arrayBuffer())[0]).toBe(3);

    const tight = { ...ingestLimits(), budgetBytes: 2.5 * MB, budgetSource: 'a test budget' };
    const thrown = await downloadSeries(client, series, () => undefined, signal, tight).then(
      () => undefined,
      (e: unknown) => e as Error,
    );
    expect(thrown?.message).toMatch(/^The download stopped after [0-3] of 4 images: /);
    expect(thrown?.message).toContain('a test budget');
    expect(thrown?.message).toContain('were discarded');
    expect(thrown?.message).not.toContain('Try again');
  });
});
