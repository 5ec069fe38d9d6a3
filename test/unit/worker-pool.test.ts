import { describe, expect, it } from 'vitest';
import { createWorkerPool } from '../../src/workers/workerPool';
import { sameThreadWorker } from './sameThreadWorker';

/**
 * The decode pool speaks the same worker protocol as every other worker (core/workerRpc.ts): answers go to
 * the job that asked, an error carries the request's own label, and a job past its timeout is stopped and
 * its worker replaced while the others go on.
 */
describe('worker pool over the one worker protocol', () => {
  interface Job {
    path: string;
    value: number;
    hang?: boolean;
  }
  const handler = (job: Job) => {
    if (job.hang) return new Promise<Float64Array>(() => undefined);
    if (job.value < 0) throw new Error('negative value');
    return Float64Array.of(job.value * 2);
  };
  let made = 0;
  const create = () => {
    made++;
    return sameThreadWorker<Job, Float64Array>(handler, (r) => [r.buffer as ArrayBuffer]);
  };

  it('answers each job with its own result, in any order, on two workers', async () => {
    made = 0;
    const pool = createWorkerPool<Job, Float64Array>(create, 2, 5_000);
    const values = [3, 1, 4, 1, 5, 9, 2, 6];
    const results = await Promise.all(values.map((value, i) => pool.run({ path: `f${i}`, value })));
    expect(results.map((r) => r[0])).toEqual(values.map((v) => v * 2));
    expect(made).toBe(2);
    pool.dispose();
  });

  it('starts no worker before the first job, and only as many as the jobs need', async () => {
    made = 0;
    const pool = createWorkerPool<Job, Float64Array>(create, 4, 5_000);
    expect(made).toBe(0);
    expect((await pool.run({ path: 'one', value: 2 }))[0]).toBe(4);
    expect(made).toBe(1);
    // The idle worker takes the next job; two at once need a second one.
    await Promise.all([pool.run({ path: 'a', value: 1 }), pool.run({ path: 'b', value: 1 })]);
    expect(made).toBe(2);
    pool.dispose();
  });

  it('names the failing request, and times out a stuck job without losing the queue', async () => {
    made = 0;
    const pool = createWorkerPool<Job, Float64Array>(create, 1, 600, (job) => `decoding ${job.path}`);
    const failed = pool.run({ path: 'a/bad.dcm', value: -1 });
    const stuck = pool.run({ path: 'a/stuck.dcm', value: 1, hang: true });
    const after = pool.run({ path: 'a/next.dcm', value: 7 });
    await expect(failed).rejects.toThrow(/^test worker: negative value$/);
    await expect(stuck).rejects.toThrow('decoding a/stuck.dcm took longer than 1 s and was stopped');
    expect((await after)[0]).toBe(14);
    expect(made).toBe(2);
    pool.dispose();
    await expect(pool.run({ path: 'x', value: 1 })).rejects.toThrow('worker pool is closed');
  });
});
