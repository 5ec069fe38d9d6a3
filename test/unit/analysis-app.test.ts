import { describe, expect, it } from 'vitest';
import { create } from 'zustand';
import type { SpineAnalysis } from '../../src/analysis/index';
import { relabelVertebra, renameInText, shiftLabels } from '../../src/analysis/relabel';
import { createReadoutSource } from '../../src/app/readoutContext';
import { startSpineAnalysis } from '../../src/app/spineAnalysis';
import { distance, type Vec3 } from '../../src/core/vec3';
import { type RpcScope, type RpcWorker, runRpc, serveRpc } from '../../src/core/workerRpc';
import { generatePhantom, noGoDistanceMm } from '../../src/phantom/index';
import {
  analysisClearanceMm,
  analysisEndplateNormal,
  analysisInsideBody,
  maskSignedDistance,
} from '../../src/planning/analysisInputs';
import { NOTE_FROM_ANALYSIS, proposeFromTruth } from '../../src/planning/proposal';
import { planTrajectoryReadouts } from '../../src/planning/readouts';
import { findTemplate } from '../../src/planning/templates';
import { createTrajectory } from '../../src/planning/trajectory';
import { inferLevelAndSide } from '../../src/scene/analysis/inferLevel';
import { labelsInPlane } from '../../src/scene/analysis/levelLabelPoints';
import { useAnalysisStore } from '../../src/state/analysisStore';
import { levelCheck } from '../../src/ui/analysis/levelCheck';
import { ORIENTATION_AXES } from '../../src/volume/slicePlanes';
import type { Volume } from '../../src/volume/volume';
import { analysisFromTruth } from './analysis-fixtures';
import { phantomVolume } from './volume-fixtures';

// The demo phantom (small preset) and a SpineAnalysis made from its truth, as the analysis should find it.
const phantom = generatePhantom({ size: 'small', seed: 1 });
const volume: Volume = phantomVolume(phantom, { id: 'patient-ct', metadata: { modality: 'CT' } });
const analysis = analysisFromTruth(phantom.truth, volume);
const seg = phantom.truth.segments.find((s) => s.name === 'L4-L5')!;

describe('relabel (user correction of the level names)', () => {
  it('renames one vertebra and its neighbours with it, the sacrum stays S1, dependants follow', () => {
    const l5 = analysis.vertebrae.findIndex((v) => v.name === 'L5');
    const r = relabelVertebra(analysis, l5, 'L4')!;
    expect(r.shift).toBe(-1);
    expect(r.analysis.vertebrae.map((v) => v.name)).toEqual(['T11', 'T12', 'L1', 'L2', 'L3', 'L4']);
    expect(r.analysis.segments.map((s) => s.name)).toEqual([
      'T11-T12',
      'T12-L1',
      'L1-L2',
      'L2-L3',
      'L3-L4',
      'L4-S1',
    ]);
    expect(r.analysis.lastRibLevel).toBe('T11');
    expect(r.analysis.summary).toBe('Lumbar spine T11-S1 found: 5 lumbar vertebrae, last rib at T11');
    expect(r.analysis.structures.structures.map((s) => s.id)).toContain('nerve-root-L3-left');
    // The bodies did not move; the input is untouched.
    expect(r.analysis.vertebrae[l5]!.bodyCentreLps).toEqual(analysis.vertebrae[l5]!.bodyCentreLps);
    expect(analysis.vertebrae[l5]!.name).toBe('L5');
  });

  it('shifts down and back to where it started; refuses names beyond T1-L6 and renaming the sacrum', () => {
    const down = shiftLabels(analysis, 1)!;
    expect(down.analysis.vertebrae.at(-1)!.name).toBe('L6');
    expect(down.renamed.get('L4')).toBe('L5');
    expect(shiftLabels(down.analysis, -1)!.analysis.vertebrae).toEqual(analysis.vertebrae);
    expect(shiftLabels(analysis, 2)).toBeUndefined();
    expect(relabelVertebra(analysis, 0, 'S1')).toBeUndefined();
  });

  it('renames words all at once (no chains) and only whole names', () => {
    const m = new Map([
      ['L4', 'L5'],
      ['L5', 'L6'],
    ]);
    expect(renameInText('L4-L5 and L44', m)).toBe('L5-L6 and L44');
  });
});

describe('level check wording', () => {
  it('says how the level was counted; warns when uncertain or the level is not found', () => {
    expect(levelCheck('L4-L5', analysis)).toEqual({
      line: 'L4-L5, counted from the sacrum and checked against the last rib: 5 lumbar vertebrae, last rib at T12',
      warnings: [],
      uncertain: false,
    });
    const six: SpineAnalysis = {
      ...analysis,
      lumbarCount: 6,
      countedFrom: 'sacrum',
      uncertain: true,
      warnings: [],
    };
    const c = levelCheck('L4-L5', six)!;
    expect(c.line).toBe('L4-L5, counted from the sacrum: 6 lumbar vertebrae, last rib at T12');
    expect(c.uncertain).toBe(true);
    expect(c.warnings).toEqual(['6 lumbar-type vertebrae (usually 5): check the count.']);
    expect(levelCheck('L7', analysis)!.warnings).toEqual(['L7 is not among the levels found.']);
    expect(levelCheck('L4', { ...analysis, found: false })!.line).toMatch(/no spine found/);
    expect(levelCheck('L4', null)).toBeUndefined();
    const corrected = levelCheck('L4-L5', analysis, { shift: -1, lastRenamed: new Map(), serial: 1 })!;
    expect(corrected.line).toMatch(/names corrected by hand \(shifted 1 level up\)$/);
  });
});

describe('level and side from the target', () => {
  it('names the segment of a safe-triangle target and its side from the canal', () => {
    expect(inferLevelAndSide(analysis, seg.left.safeTriangleCentreLps)).toMatchObject({
      level: 'L4-L5',
      side: 'left',
    });
    expect(inferLevelAndSide(analysis, seg.right.safeTriangleCentreLps)).toMatchObject({
      level: 'L4-L5',
      side: 'right',
    });
    expect(inferLevelAndSide(analysis, seg.interlaminarWindowCentreLps)).toMatchObject({ side: 'midline' });
    const l3 = phantom.truth.vertebrae.find((v) => v.name === 'L3')!;
    expect(inferLevelAndSide(analysis, l3.left.sapTpJunctionLps).level).toBe('L3');
    expect(inferLevelAndSide(analysis, [300, 0, 0])).toMatchObject({ level: undefined, side: undefined });
    expect(inferLevelAndSide(null, [0, 0, 0]).level).toBeUndefined();
  });
});

describe('level labels in a view', () => {
  it('a mid-sagittal plane shows every level; an axial plane through L3 shows L3 alone', () => {
    const l3 = analysis.vertebrae.find((v) => v.name === 'L3')!.bodyCentreLps;
    const sag = ORIENTATION_AXES.sagittal;
    const names = labelsInPlane(analysis, { originLps: l3, ...sag }).map((l) => l.name);
    expect(names).toEqual(
      ['T11', 'T12', 'L1', 'L2', 'L3', 'L4', 'L5', 'S1'].filter((n) => names.includes(n)),
    );
    expect(names).toEqual(expect.arrayContaining(['L1', 'L2', 'L3', 'L4', 'L5', 'S1']));
    const ax = labelsInPlane(analysis, { originLps: [0, 0, l3[2] + 3], ...ORIENTATION_AXES.axial });
    expect(ax.map((l) => l.name)).toEqual(['L3']);
    // Anchored anterior of the body, in the plane.
    expect(ax[0]!.anchorLps[1]).toBeLessThan(l3[1] - 20);
    expect(labelsInPlane(null, { originLps: l3, ...sag })).toEqual([]);
  });
});

describe('readouts and proposals from the analysis on patient CT (no truth)', () => {
  const study = create<{ volume: Volume | null; demoTruth: null }>()(() => ({ volume, demoTruth: null }));
  const store = create<{ volumeId: string | null; analysis: SpineAnalysis | null }>()(() => ({
    volumeId: 'patient-ct',
    analysis,
  }));
  const source = createReadoutSource(study, store);

  it('gives the endplate normal and the structures as masks, and clearance rows in the readouts', () => {
    const ctx = source.contextFor('L4-L5');
    expect(ctx.endplateNormal).toEqual(
      phantom.truth.vertebrae.find((v) => v.name === 'L4')!.superiorEndplateNormal,
    );
    expect(analysisEndplateNormal(analysis, 'S1')).toEqual(phantom.truth.sacrum.s1SuperiorEndplateNormal);
    expect(ctx.structures!.map((s) => s.id)).toContain('thecal-sac');
    const inputs = source.proposalInputs();
    expect(inputs.origin).toBe('analysis');
    const tfesi = findTemplate('tfesi')!;
    const p = proposeFromTruth(tfesi, 'L4-L5', 'left', inputs.truth!, inputs.options, NOTE_FROM_ANALYSIS);
    expect(p.ok).toBe(true);
    if (!p.ok) return;
    expect(p.value.note).toBe(NOTE_FROM_ANALYSIS);
    expect(distance(p.value.targetLps, seg.left.safeTriangleCentreLps)).toBeLessThan(0.01);
    expect(p.value.entryOnSkin).toBe(true);
    const t = createTrajectory('t', { ...p.value, level: 'L4-L5', side: 'left' });
    const r = planTrajectoryReadouts(t, ctx, {
      planStructures: [],
      warningDistanceMm: 2,
      patientPosition: 'prone',
    });
    expect(r.clearance.length).toBeGreaterThan(3);
    expect(r.clearance.find((c) => c.structureId === 'thecal-sac')!.found).toBe(true);
    expect(r.endplate).toBeDefined();
  });

  it('no sacrum found: sacral templates say so, the others still work', () => {
    const t = { ...analysis, sacrum: undefined };
    const r = proposeFromTruth(findTemplate('s1-tfesi')!, 'S1', 'left', t, {});
    expect(r).toEqual({ ok: false, error: 'no sacrum was found' });
  });

  it('the thecal sac mask as a signed distance agrees with the truth within two grid steps; body mask', () => {
    const sac = maskSignedDistance(analysis, ['thecal-sac'])!;
    for (const p of [seg.interlaminarWindowCentreLps, seg.discCentreLps, [5, 20, 0] as Vec3])
      expect(Math.abs(sac(p) - noGoDistanceMm(phantom.truth, 'thecal-sac', p))).toBeLessThan(4);
    const clear = analysisClearanceMm(analysis);
    const near: Vec3 = [
      seg.interlaminarWindowCentreLps[0],
      seg.interlaminarWindowCentreLps[1] + 4,
      seg.interlaminarWindowCentreLps[2],
    ];
    expect(
      Math.abs(clear('thecal-sac', near) - noGoDistanceMm(phantom.truth, 'thecal-sac', near)),
    ).toBeLessThan(2.5);
    expect(clear('vessel', [0, 200, 0])).toBe(10);
    const inside = analysisInsideBody(analysis);
    expect(inside(seg.discCentreLps)).toBe(true);
    expect(inside([0, 400, 0])).toBe(false);
  });

  it('ignores an analysis of another volume', () => {
    store.setState({ volumeId: 'other' });
    expect(source.proposalInputs().origin).toBeUndefined();
    expect(source.contextFor('L4-L5').structures).toBeUndefined();
    store.setState({ volumeId: 'patient-ct' });
  });
});

/** A fake worker that answers like analysisWorker.ts: progress, then the result (or never, to be cancelled). */
function fakeWorker(result: SpineAnalysis | 'hang', log: string[]): () => RpcWorker {
  return () => {
    const w: RpcWorker = {
      onmessage: null,
      onerror: null,
      postMessage: () => {
        log.push('posted');
        setTimeout(() => {
          w.onmessage?.({
            data: { type: 'progress', progress: { stage: 'body', fraction: 0.3 } },
          } as MessageEvent);
          if (result !== 'hang') w.onmessage?.({ data: { type: 'done', result } } as MessageEvent);
        }, 1);
      },
      terminate: () => log.push('terminated'),
    };
    return w;
  };
}

describe('worker RPC and the analysis orchestration', () => {
  it('runRpc reports progress, resolves, and terminates the worker; abort rejects with AbortError', async () => {
    const log: string[] = [];
    const progress: number[] = [];
    const r = await runRpc(
      fakeWorker(analysis, log),
      {},
      { onProgress: (p: { fraction: number }) => progress.push(p.fraction) },
    );
    expect(r).toBe(analysis);
    expect(progress).toEqual([0.3]);
    expect(log).toEqual(['posted', 'terminated']);
    const c = new AbortController();
    const pending = runRpc(fakeWorker('hang', log), {}, { signal: c.signal });
    c.abort();
    await expect(pending).rejects.toMatchObject({ name: 'AbortError' });
  });

  it('serveRpc answers progress then the result (transferables moved), or the error with its label', async () => {
    const posted: { message: unknown; transfer: Transferable[] }[] = [];
    const scope: RpcScope = {
      onmessage: null,
      postMessage: (message, transfer) => posted.push({ message, transfer }),
    };
    const buffer = new ArrayBuffer(8);
    serveRpc<number, { n: number; b: ArrayBuffer }, string>(
      scope,
      'job',
      (n, { progress }) => {
        progress('half');
        if (n < 0) throw new Error('negative');
        return { n: n * 2, b: buffer };
      },
      (r) => [r.b],
    );
    await scope.onmessage!({ data: 21 } as MessageEvent);
    expect(posted).toEqual([
      { message: { type: 'progress', progress: 'half' }, transfer: [] },
      { message: { type: 'done', result: { n: 42, b: buffer } }, transfer: [buffer] },
    ]);
    await scope.onmessage!({ data: -1 } as MessageEvent);
    expect(posted.at(-1)!.message).toEqual({ type: 'error', error: 'job: negative' });
  });

  it('waits for the first frame before its worker starts, and never starts for a case closed meanwhile', async () => {
    const study = create<{ volume: Volume | null }>()(() => ({ volume: null }));
    const log: string[] = [];
    const frames: (() => void)[] = [];
    let workers = 0;
    const control = startSpineAnalysis({
      study,
      analysis: useAnalysisStore,
      createWorker: () => {
        workers++;
        return fakeWorker(analysis, log)();
      },
      afterFirstFrame: () => new Promise<void>((resolve) => frames.push(resolve)),
    });
    study.setState({ volume });
    expect(useAnalysisStore.getState().status).toBe('running');
    await new Promise((r) => setTimeout(r, 10));
    expect(workers).toBe(0);
    // Closed before its first frame: no worker, ever.
    study.setState({ volume: null });
    frames.shift()!();
    await new Promise((r) => setTimeout(r, 10));
    expect(workers).toBe(0);
    study.setState({ volume });
    frames.shift()!();
    await new Promise((r) => setTimeout(r, 20));
    expect(workers).toBe(1);
    expect(useAnalysisStore.getState().status).toBe('done');
    control.dispose();
    useAnalysisStore.getState().reset();
  });

  it('starts when a CT opens, cancels on close, renames plan levels when labels are corrected', async () => {
    const study = create<{ volume: Volume | null }>()(() => ({ volume: null }));
    const log: string[] = [];
    let hang = true;
    const control = startSpineAnalysis({
      study,
      analysis: useAnalysisStore,
      createWorker: () => fakeWorker(hang ? 'hang' : analysis, log)(),
    });
    study.setState({ volume });
    expect(useAnalysisStore.getState().status).toBe('running');
    study.setState({ volume: null });
    expect(log).toContain('terminated');
    expect(useAnalysisStore.getState().status).toBe('idle');
    hang = false;
    study.setState({ volume });
    await new Promise((r) => setTimeout(r, 20));
    expect(useAnalysisStore.getState().status).toBe('done');
    expect(useAnalysisStore.getState().analysis).toBe(analysis);
    expect(useAnalysisStore.getState().renameVertebra(analysis.vertebrae.length - 1, 'L4')).toBe(true);
    expect(useAnalysisStore.getState().analysis!.segments.at(-1)!.name).toBe('L4-S1');
    useAnalysisStore.getState().resetLabels();
    expect(useAnalysisStore.getState().analysis).toBe(analysis);
    control.dispose();
    useAnalysisStore.getState().reset();
  });
});
