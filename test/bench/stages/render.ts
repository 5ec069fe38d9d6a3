/**
 * Rendering in headless Chromium (SwiftShader), issue 9 and issue 10's DRR figure: our 3D view vs NiiVue
 * 0.69 on the same volume and posterior view at 800x600, a one-fetch-per-pixel floor; our GPU reslice
 * (512x512 oblique) vs our CPU reslice vs a plain JS loop; our DRR at 512x512 vs the floor at that size.
 * Every comparison first checks the sides agree (bone masks, grey levels, line integrals) and saves the
 * images in bench-results/; frame time = draw + gl.finish() + a one-pixel readPixels, sides interleaved.
 */

import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import type { ImageAgreement } from '../browser/imageCompare';
import type { BenchPageApi } from '../browser/main';
import type { BrowserSession } from '../browser/session';
import { savePng } from '../browser/session';
import { loadNow } from '../lib/machine';
import { summarise, type Timing } from '../lib/stats';
import { formatTable, ms, ratio } from '../lib/table';

/**
 * Bone masks of well-lit pixels this close count as the same picture. The faint mask (luma > 20) is
 * reported too but not gated: on the contrast CT it changes by ~8% between our own 1 and 1.5 samples per
 * voxel (faint kidneys, table streaks), so it measures sampling noise more than picture quality.
 */
export const MIN_MASK_IOU = 0.9;
/** GPU slice vs CPU reslice through the same window: at most one grey level (rounding, half-texel filter). */
export const MAX_RESLICE_GREY_DIFF = 1;
/** GPU DRR vs the CPU reference: half-float target, so ~0.1% is the expected disagreement. */
export const MAX_DRR_REL_DIFF = 0.01;

type ResliceCheck = Awaited<ReturnType<BenchPageApi['checkReslice']>>;

export interface RenderResult {
  volume: string;
  dims: readonly number[];
  gpu: string;
  /**
   * GPU bytes a voxel of the app's volume texture (issue 20: 2), of the R32F one before it, and of the 3D
   * view's optional 8-bit copy (render/volumeClassTexture.ts: 1, 0 past its bound).
   */
  textureBytesPerVoxel: { app: number; r32f: number; classVolume: number };
  /** ms to make the 8-bit copy on the GPU (once per volume and transfer-function range). */
  classVolumeMs: number;
  agreement: Record<string, ImageAgreement>;
  sameImage: boolean;
  images: string[];
  frame: Record<string, Timing>;
  /**
   * CPU ms per frame of the whole browser (every Chromium process: SwiftShader renders in the GPU process's
   * threads), same sides interleaved. On a shared machine wall time moves with other jobs' load; the CPU
   * time a frame costs moves far less, so ratios from it are the steadier figure (SwiftShader only).
   */
  frameCpu: Record<string, Timing>;
  /** NiiVue lit and the floor, timed in a second interleaved set (compare with ours through the floor). */
  niivueLit: Record<string, Timing>;
  reslice: { check: ResliceCheck; agrees: boolean; timings: Record<string, Timing> };
  drr: { check: Record<string, number>; agrees: boolean; timings: Record<string, Timing> };
  loadAverage: string;
}

const summariseAll = (samples: Record<string, number[]>): Record<string, Timing> =>
  Object.fromEntries(Object.entries(samples).map(([name, s]) => [name, summarise(s)]));

export async function benchRenderVolume(
  session: BrowserSession,
  name: string,
  dims: readonly number[],
  warmup: number,
  runs: number,
): Promise<RenderResult> {
  const loaded = await session.call('loadVolume', name);
  const check = await session.call('checkRender');
  const slug = name.replace(/[^a-z0-9]+/gi, '-').toLowerCase();
  const images = Object.entries(check.images).map(([key, url]) => savePng(url, `render-${slug}-${key}.png`));
  const ours = check.agreement['ours default vs NiiVue matte']!;
  const sameImage = ours.opaqueMaskIoU >= MIN_MASK_IOU;
  const frame = summariseAll(await session.call('timeRender', warmup, runs));
  const frameCpu = summariseAll(await cpuPerFrame(session, warmup, runs));
  const lit = await session.call('checkAndTimeNiivueLit', warmup, runs);
  images.push(savePng(lit.image, `render-${slug}-niivue-lit.png`));
  const litTimings = summariseAll(lit.samples);

  const resliceCheck = await session.call('checkReslice');
  const resliceAgrees =
    resliceCheck.gpuVsCpuMaxGreyDiff <= MAX_RESLICE_GREY_DIFF && resliceCheck.plainMaxAbsDiffHu < 1e-3;
  const resliceTimings = summariseAll(await session.call('timeReslice', warmup, runs));

  const { image: drrImage, ...drrCheck } = await session.call('checkDrr');
  const drrTimings = summariseAll(await session.call('timeDrr', warmup, runs));
  return {
    volume: name,
    dims,
    gpu: loaded.renderer,
    textureBytesPerVoxel: {
      app: loaded.textureBytes.app / loaded.voxels,
      r32f: loaded.textureBytes.r32f / loaded.voxels,
      classVolume: loaded.textureBytes.classVolume / loaded.voxels,
    },
    classVolumeMs: loaded.classVolumeMs,
    agreement: { ...check.agreement, 'ours default vs NiiVue lit': lit.agreement },
    sameImage,
    niivueLit: litTimings,
    images: [...images, savePng(drrImage, `drr-${slug}.png`)],
    frame,
    frameCpu,
    reslice: { check: resliceCheck, agrees: resliceAgrees, timings: resliceTimings },
    drr: {
      check: drrCheck,
      agrees: drrCheck.maxRelDiff <= MAX_DRR_REL_DIFF,
      timings: drrTimings,
    },
    loadAverage: loadNow(),
  };
}

/** Process ids below `pid` (the browser playwright launched from this process, and its helpers). */
function descendants(pid: number): number[] {
  let children: number[] = [];
  try {
    children = execFileSync('pgrep', ['-P', String(pid)], { encoding: 'utf8' })
      .trim()
      .split(/\s+/)
      .filter(Boolean)
      .map(Number);
  } catch {
    // pgrep exits 1 when there are none.
  }
  return children.flatMap((c) => [c, ...descendants(c)]);
}

/** utime + stime of `pids` in ms (proc(5): fields 14 and 15, in clock ticks of 10 ms on Linux). */
function cpuMs(pids: readonly number[]): number {
  let ticks = 0;
  for (const pid of pids) {
    try {
      const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]!.split(' ');
      ticks += Number(fields[11]) + Number(fields[12]);
    } catch {
      // A helper process that ended.
    }
  }
  return ticks * 10;
}

/** Browser CPU ms per frame of each render side, two frames a sample (ticks are 10 ms), interleaved. */
async function cpuPerFrame(
  session: BrowserSession,
  warmup: number,
  runs: number,
): Promise<Record<string, number[]>> {
  const names = await session.call('renderSideNames');
  const pids = descendants(process.pid);
  const samples: Record<string, number[]> = Object.fromEntries(names.map((n) => [n, []]));
  for (let round = 0; round < warmup + runs; round++)
    for (let k = 0; k < names.length; k++) {
      const name = names[(round + k) % names.length]!;
      const before = cpuMs(pids);
      await session.call('renderSideOnce', name);
      await session.call('renderSideOnce', name);
      if (round >= warmup) samples[name]!.push((cpuMs(pids) - before) / 2);
    }
  return samples;
}

const timingRows = (timings: Record<string, Timing>, reference: string) =>
  Object.entries(timings).map(([name, t]) => [
    name,
    ms(t.medianMs),
    ms(t.minMs),
    ms(t.maxMs),
    ratio(t.medianMs / timings[reference]!.medianMs),
  ]);

export function formatRender(r: RenderResult): string {
  const a = r.agreement;
  const agreementRows = Object.entries(a).map(([pair, x]) => [
    pair,
    x.opaqueMaskIoU.toFixed(3),
    x.maskIoU.toFixed(3),
    (100 * x.maskMeanAbsDiff).toFixed(2),
    x.meanAbsLumaDiffInBone.toFixed(1),
    `${(100 * x.boneFractionA).toFixed(1)} / ${(100 * x.boneFractionB).toFixed(1)}`,
    `${x.maxChannelDiff} / ${(100 * x.pixelsOver2Grey).toFixed(2)}`,
  ]);
  const ourName = Object.keys(r.frame).find((k) => k.startsWith('ours, app'))!;
  const floorName = Object.keys(r.frame).find((k) => k.startsWith('floor'))!;
  const niivueName = Object.keys(r.frame).find((k) => k.startsWith('NiiVue'))!;
  const rc = r.reslice.check;
  const dc = r.drr.check as { maxRelDiff: number; checkSize: number; stepMm: number };
  const drrNames = Object.keys(r.drr.timings);
  return [
    `Render ${r.volume} (${r.dims.join('x')}), 800x600 posterior, ${r.gpu}; load ${r.loadAverage}`,
    formatTable(
      [
        'bone mask agreement',
        'IoU lit',
        'IoU faint',
        'faint diff %',
        'luma diff',
        'bone % (a / b)',
        'max grey diff / % px > 2',
      ],
      agreementRows,
    ),
    r.sameImage
      ? `same picture (IoU of lit bone >= ${MIN_MASK_IOU}): frame times count`
      : 'PICTURES DIFFER: frame times do not count',
    formatTable(['3D frame', 'median ms', 'min', 'max', '/ ours default'], timingRows(r.frame, ourName)),
    `ours / floor ${ratio(r.frame[ourName]!.medianMs / r.frame[floorName]!.medianMs)}; ours / NiiVue matte ${ratio(r.frame[ourName]!.medianMs / r.frame[niivueName]!.medianMs)} (target <= 0.7x)`,
    formatTable(
      ['3D frame, browser CPU ms', 'median', 'min', 'max', '/ NiiVue matte'],
      timingRows(r.frameCpu, niivueName),
    ),
    `ours / NiiVue matte by CPU time ${ratio(r.frameCpu[ourName]!.medianMs / r.frameCpu[niivueName]!.medianMs)}`,
    `GPU volume texture: ${r.textureBytesPerVoxel.app} bytes a voxel (R16F; R32F before issue 20: ${r.textureBytesPerVoxel.r32f}); 3D view's 8-bit copy: ${r.textureBytesPerVoxel.classVolume} byte a voxel, made in ${ms(r.classVolumeMs)} ms`,
    formatTable(
      ['3D frame, second set', 'median ms', 'min', 'max', '/ floor'],
      timingRows(r.niivueLit, floorName),
    ),
    `Reslice ${rc.size}x${rc.size} oblique: GPU vs CPU max ${rc.gpuVsCpuMaxGreyDiff} grey levels (${rc.gpuVsCpuPixelsOverOneGrey} pixels > 1), plain vs ours max |dHU| ${rc.plainMaxAbsDiffHu.toExponential(1)}${r.reslice.agrees ? '' : ' - DIFFER, times do not count'}`,
    formatTable(
      ['reslice', 'median ms', 'min', 'max', '/ GPU'],
      timingRows(r.reslice.timings, 'ours GPU (slice material)'),
    ),
    `DRR: GPU vs CPU reference (${dc.checkSize}x${dc.checkSize}, step ${dc.stepMm.toFixed(2)} mm) max rel. diff ${(100 * dc.maxRelDiff).toFixed(3)}%${r.drr.agrees ? '' : ' - DIFFER, times do not count'}`,
    formatTable(['DRR', 'median ms', 'min', 'max', '/ DRR'], timingRows(r.drr.timings, drrNames[0]!)),
  ].join('\n');
}
