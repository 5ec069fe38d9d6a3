import type { Vec3 } from '../core/vec3';
import { distance, scale } from '../core/vec3';
import type { Volume } from '../volume/volume';
import { findBody } from './body';
import { findCanal, MIN_CANAL_LENGTH_MM } from './canal';
import { type BodyFound, findColumn } from './column';
import { huSampler, resampleToGrid } from './grid';
import { compactBody } from './labels';
import {
  findPedicle,
  type PedicleFound,
  safeTriangle,
  sapTpJunction,
  segmentLandmarks,
  spinousTip,
  type VertebraFrame,
  vertebraFrame,
} from './landmarks';
import { nameLevels } from './levels';
import { findRibs } from './ribs';
import { s1DorsalForamen, siJointLowerThird } from './sacrum';
import { buildStructures } from './structures';
import type {
  AnalysisOptions,
  SacrumAnalysis,
  SegmentAnalysis,
  SpineAnalysis,
  VertebraAnalysis,
  VertebraSideAnalysis,
} from './types';

function sideOf(
  hu: (p: Vec3) => number | undefined,
  f: VertebraFrame,
  p: PedicleFound | undefined,
  sign: 1 | -1,
): VertebraSideAnalysis {
  if (!p) {
    // Not found: a nominal position beside the canal, flagged by confidence 0.
    const c: Vec3 = [
      f.originLps[0] + f.left[0] * sign * 16 + f.anterior[0] * (f.wallMm - 5),
      f.originLps[1] + f.left[1] * sign * 16 + f.anterior[1] * (f.wallMm - 5),
      f.originLps[2] + f.left[2] * sign * 16 + f.anterior[2] * (f.wallMm - 5),
    ];
    return { pedicleCentreLps: c, pedicleAxis: f.anterior, sapTpJunctionLps: c, confidence: 0 };
  }
  return {
    pedicleCentreLps: p.centreLps,
    pedicleAxis: p.axis,
    sapTpJunctionLps: sapTpJunction(hu, f, p, sign),
    confidence: p.confidence,
  };
}

/**
 * Both pedicles, kept symmetric about the canal: when one side's cross-section lies more than 4 mm off the
 * other's mirror image (a rib head or transverse process merged into it), that side is searched again
 * within 4 mm of the mirror image and the more symmetric pair is kept.
 */
function symmetricPedicles(
  hu: (p: Vec3) => number | undefined,
  f: VertebraFrame,
): { left: PedicleFound | undefined; right: PedicleFound | undefined } {
  const left = findPedicle(hu, f, 1);
  const right = findPedicle(hu, f, -1);
  if (!left || !right) return { left, right };
  const offBy = (a: PedicleFound, b: PedicleFound) => Math.hypot(Math.abs(a.l) - Math.abs(b.l), a.t - b.t);
  if (offBy(left, right) <= 4) return { left, right };
  const near = (p: PedicleFound) => ({ l: Math.abs(p.l), t: p.t, withinMm: 4 });
  const right2 = findPedicle(hu, f, -1, near(left));
  const left2 = findPedicle(hu, f, 1, near(right));
  const options = [
    { left, right },
    ...(right2 ? [{ left, right: right2 }] : []),
    ...(left2 ? [{ left: left2, right }] : []),
  ];
  options.sort((a, b) => offBy(a.left, a.right) - offBy(b.left, b.right));
  return options[0]!;
}

/**
 * A disc above S1 less than half as high as the lumbar discs above it is a remnant: a lumbosacral
 * transitional vertebra (Castellvi et al., Spine 1984; Konin & Walz, AJR 2010), whichever way it is
 * counted. Said in plain words so the level check warns.
 */
function lumbosacralRemnant(
  vertebrae: readonly VertebraAnalysis[],
  sacrumIndex: number | undefined,
): string | undefined {
  if (sacrumIndex === undefined || sacrumIndex < 3) return undefined;
  const height = (i: number) =>
    distance(vertebrae[i]!.inferiorEndplateCentreLps, vertebrae[i + 1]!.superiorEndplateCentreLps);
  const last = height(sacrumIndex - 1);
  const above = [sacrumIndex - 2, sacrumIndex - 3, sacrumIndex - 4].filter((i) => i >= 0).map(height);
  const typical = [...above].sort((a, b) => a - b)[above.length >> 1]!;
  if (!(last < 0.5 * typical)) return undefined;
  const upper = vertebrae[sacrumIndex - 1]!.name;
  return (
    `The ${upper}-S1 disc is a remnant (${last.toFixed(0)} mm high against ${typical.toFixed(0)} mm above): ` +
    `a lumbosacral transitional vertebra. The vertebra called ${upper} may be a sacralised L5 (4 mobile lumbar ` +
    'vertebrae); confirm the count on whole-spine images before treating.'
  );
}

/** The CT sampler once the CT is released: no stage calls it then. */
const noCt = (): number | undefined => {
  throw new Error('spine analysis: the CT was read after its release');
};

/** Runs every stage on a CT volume (see index.ts). */
export function analyzeSpine(volume: Volume, options: AnalysisOptions = {}): SpineAnalysis {
  return analyzeSpineReleasing({ volume }, options);
}

/**
 * analyzeSpine on a volume the caller hands over: `held.volume` is set to null once no stage reads the CT
 * again, so a worker's own copy of the voxels can be collected while the grid-only stages run (issue 20).
 * The stages that read the CT (resample, column, landmarks, sacrum) come first; those on the 2 mm grid
 * alone (body outline, no-go structures) after. Each stage is a pure function of its inputs, so the order
 * does not change the result.
 */
export function analyzeSpineReleasing(
  held: { volume: Volume | null },
  options: AnalysisOptions = {},
): SpineAnalysis {
  const timingsMs: Record<string, number> = {};
  let t = performance.now();
  const lap = (stage: string, fraction: number) => {
    if (options.signal?.aborted) {
      const e = new Error('spine analysis cancelled');
      e.name = 'AbortError';
      throw e;
    }
    const now = performance.now();
    timingsMs[stage] = now - t;
    t = now;
    options.onProgress?.({ stage, fraction });
  };
  const gv = resampleToGrid(held.volume!);
  lap('resample', 0.25);
  // `let`: replaced once the CT stages are done (the sampler holds the voxels).
  let hu = huSampler(held.volume!);
  const releaseCt = () => {
    hu = noCt;
    held.volume = null;
  };
  const canal = findCanal(gv);
  lap('canal', 0.45);
  const empty = (summary: string, warnings: string[] = []): SpineAnalysis => {
    releaseCt();
    const body = findBody(gv);
    lap('body', 0.8);
    return {
      schemaVersion: 1,
      found: false,
      summary,
      lumbarCount: undefined,
      lastRibLevel: undefined,
      countedFrom: 'none',
      uncertain: false,
      warnings,
      vertebrae: [],
      segments: [],
      sacrum: undefined,
      canal: { pointsLps: [], radiiMm: [] },
      structures: buildStructures(gv, body, {
        canal: { pointsLps: [], radiiMm: [] },
        vertebrae: [],
        segments: [],
      }),
      body: compactBody(body),
      timingsMs,
    };
  };
  if (!canal) {
    // Too short a scan is a plain reason, not a failure to see a spine that is there.
    const lengthMm = gv.grid.dims[2] * gv.grid.spacingMm;
    return empty(
      lengthMm < MIN_CANAL_LENGTH_MM
        ? `No spine found: the scan covers ${Math.round(lengthMm)} mm head to foot; finding vertebrae needs at least ${MIN_CANAL_LENGTH_MM} mm of spine`
        : 'No spine found',
    );
  }
  const column = findColumn(canal.pointsLps, hu);
  const bodies = column.bodies;
  lap('column', 0.55);
  if (bodies.filter((b) => !b.partial).length < 2)
    return empty('No spine found (no vertebral bodies along the canal)');
  const ribs = findRibs(gv, canal.slices);
  lap('ribs', 0.6);
  const naming = nameLevels(bodies, ribs);
  // Keep the vertebrae down to S1 (sacral segments below are not planned on).
  const lastIndex = naming.sacrumIndex ?? bodies.length - 1;
  const kept: BodyFound[] = bodies.slice(0, lastIndex + 1);
  const frames = kept.map((b) => vertebraFrame(b, canal.pointsLps, hu));
  const pedicles = frames.map((f, i) =>
    i === naming.sacrumIndex ? { left: undefined, right: undefined } : symmetricPedicles(hu, f),
  );
  const vertebrae: VertebraAnalysis[] = kept.map((b, i) => {
    const f = frames[i]!;
    return {
      name: naming.names[i]!,
      confidence: naming.confidence[i]!,
      bodyCentreLps: b.centreLps,
      superiorEndplateCentreLps: b.superiorCentreLps,
      superiorEndplateNormal: b.superiorNormal,
      inferiorEndplateCentreLps: b.inferiorCentreLps,
      inferiorEndplateNormal: b.inferiorNormal,
      spinousProcessTipLps: i === naming.sacrumIndex ? undefined : spinousTip(hu, f),
      ribs: naming.ribs[i]!,
      left: sideOf(hu, f, pedicles[i]!.left, 1),
      right: sideOf(hu, f, pedicles[i]!.right, -1),
    };
  });
  lap('landmarks', 0.65);
  const segments: SegmentAnalysis[] = [];
  for (let i = 0; i + 1 < kept.length; i++) {
    const u = frames[i]!;
    const v = frames[i + 1]!;
    const disc = scale(
      [
        kept[i]!.inferiorCentreLps[0] + kept[i + 1]!.superiorCentreLps[0],
        kept[i]!.inferiorCentreLps[1] + kept[i + 1]!.superiorCentreLps[1],
        kept[i]!.inferiorCentreLps[2] + kept[i + 1]!.superiorCentreLps[2],
      ],
      0.5,
    );
    const lm = segmentLandmarks(hu, u, v, pedicles[i]!, pedicles[i + 1]!, disc);
    const side = (name: 'left' | 'right', sign: 1 | -1) => {
      const p = pedicles[i]![name];
      return {
        ...lm.sides[name],
        safeTriangleCentreLps: p ? safeTriangle(u, p, sign) : lm.sides[name].foramenCentreLps,
        confidence: p ? Math.min(p.confidence, naming.confidence[i]!) : 0,
      };
    };
    segments.push({
      name: `${naming.names[i]}-${naming.names[i + 1]}`,
      discCentreLps: disc,
      interlaminarWindowCentreLps: lm.interlaminarWindowCentreLps,
      confidence: Math.min(naming.confidence[i]!, naming.confidence[i + 1]!),
      left: side('left', 1),
      right: side('right', -1),
    });
  }
  let sacrum: SacrumAnalysis | undefined;
  if (naming.sacrumIndex !== undefined) {
    const b = kept[naming.sacrumIndex]!;
    const f = frames[naming.sacrumIndex]!;
    const fl = s1DorsalForamen(hu, f, 1);
    const fr = s1DorsalForamen(hu, f, -1);
    const sl = siJointLowerThird(hu, f, 1);
    const sr = siJointLowerThird(hu, f, -1);
    sacrum = {
      s1SuperiorEndplateCentreLps: b.superiorCentreLps,
      s1SuperiorEndplateNormal: b.superiorNormal,
      s1DorsalForamenLps: { left: fl.lps, right: fr.lps },
      siJointLowerThirdLps: { left: sl.lps, right: sr.lps },
      confidence: Math.min(
        fl.confidence,
        fr.confidence,
        sl.confidence,
        sr.confidence,
        naming.confidence[naming.sacrumIndex]!,
      ),
    };
  }
  lap('sacrum', 0.7);
  releaseCt();
  const body = findBody(gv);
  lap('body', 0.8);
  const structures = buildStructures(gv, body, { canal, vertebrae, segments });
  lap('structures', 1);
  const transitional = lumbosacralRemnant(vertebrae, naming.sacrumIndex);
  if (transitional) {
    naming.uncertain = true;
    naming.warnings.push(transitional);
  }
  const named = vertebrae.filter((v) => !v.name.startsWith('V'));
  const lastRibLevel = naming.lastRibIndex !== undefined ? naming.names[naming.lastRibIndex] : undefined;
  const range = named.length
    ? `${named[0]!.name}-${named[named.length - 1]!.name}`
    : `${vertebrae.length} vertebrae`;
  const counts = [
    naming.lumbarCount !== undefined ? `${naming.lumbarCount} lumbar vertebrae` : undefined,
    lastRibLevel ? `last rib at ${lastRibLevel}` : undefined,
  ].filter(Boolean);
  const lumbarSeen = named.some((v) => v.name.startsWith('L'));
  const kind = lumbarSeen ? 'Lumbar spine' : 'Spine';
  return {
    schemaVersion: 1,
    found: true,
    summary: `${kind} ${range} found${counts.length ? `: ${counts.join(', ')}` : ''}`,
    lumbarCount: naming.lumbarCount,
    lastRibLevel,
    countedFrom: naming.countedFrom,
    uncertain: naming.uncertain,
    warnings: naming.warnings,
    vertebrae,
    segments,
    sacrum,
    canal: { pointsLps: canal.pointsLps, radiiMm: canal.radiiMm },
    structures,
    // The full body grid (vessels and kidneys read it) ends here: the result keeps its row runs.
    body: compactBody(body),
    timingsMs,
  };
}
