import { describe, expect, it } from 'vitest';
import { receiveVoxels, sendVoxels } from '../../src/workers/voxelPort';

/** Small pieces keep the test small; the app sends 2 M voxels a piece. */
const PIECE = 1000;

describe('voxels sent to a worker in pieces', () => {
  it('arrive whole and equal, piece by piece, the page yielding between pieces', async () => {
    const length = 2 * PIECE + 345;
    const data = new Int16Array(length);
    for (let i = 0; i < length; i++) data[i] = ((i * 7919) % 65536) - 32768;
    const channel = new MessageChannel();
    let yields = 0;
    const received = receiveVoxels(channel.port2, length);
    await sendVoxels(
      channel.port1,
      data,
      undefined,
      async () => {
        yields++;
        await new Promise((r) => setTimeout(r, 0));
      },
      PIECE,
    );
    const got = await received;
    expect(yields).toBe(3);
    expect(got).not.toBe(data);
    expect(got.length).toBe(length);
    let differing = 0;
    for (let i = 0; i < length; i++) if (got[i] !== data[i]) differing++;
    expect(differing).toBe(0);
  });

  it('a volume in shared memory is shared, not copied', async () => {
    const data = new Int16Array(new SharedArrayBuffer(2 * 1000));
    data[999] = -1024;
    const channel = new MessageChannel();
    const received = receiveVoxels(channel.port2, 1000);
    await sendVoxels(channel.port1, data);
    const got = await received;
    expect(got.buffer).toBeInstanceOf(SharedArrayBuffer);
    data[0] = 42;
    expect(got[0]).toBe(42);
    expect(got[999]).toBe(-1024);
  });

  it('stops sending once aborted', async () => {
    const data = new Int16Array(3 * PIECE);
    const channel = new MessageChannel();
    const controller = new AbortController();
    let pieces = 0;
    channel.port2.onmessage = () => pieces++;
    await sendVoxels(channel.port1, data, controller.signal, async () => controller.abort(), PIECE);
    await new Promise((r) => setTimeout(r, 20));
    expect(pieces).toBe(1);
    channel.port2.close();
  });
});
