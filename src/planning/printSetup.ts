import type { SpineAnalysis } from '../analysis/index';
import { forEachBodyRun } from '../analysis/labels';
import { BODY_COUCH, BODY_INSIDE } from '../analysis/types';
import type { Vec3 } from '../core/vec3';
import { BONE_THRESHOLD_HU } from '../volume/surface/marchingCubes';
import type { PrintFiducial, PrintModelRequest, SpinousPitRequest } from '../volume/surface/printModel';
import { SKIN_AIR_HU } from './huThresholds';

/** The print made from a case, as the plan keeps it (planFile.ts `print`). */
export interface PlanPrint {
  /** "L2-L5". */
  vertebrae: string;
  spacingMm: number;
  fiducials: PrintFiducial[];
  /** LPS mm -> print frame mm, row-major 4x4 (printModel.ts). */
  lpsToPrint: number[];
  /** ISO 8601. */
  madeAt: string;
}

/** What the specialist chooses for a print: a run of vertebrae, cranial and caudal names inclusive. */
export interface PrintChoice {
  fromVertebra: string;
  toVertebra: string;
  /** Also a skin shell over the print (a separate part), `skinShellWallMm` thick (default 2.5 mm). */
  skinShell?: boolean;
  skinShellWallMm?: number;
  /** Print grid, mm; 1 mm keeps a lumbar print near 0.5 M triangles, well under an FDM nozzle's 0.4 mm lines x 2. */
  spacingMm?: number;
}

/** Half-width of the print around the midline: the widest lumbar transverse processes reach ~45 mm. */
const HALF_WIDTH_MM = 50;
/** Room beyond the chosen bodies' endplates: the top vertebra's superior articular processes rise ~6 mm above it. */
const CRANIOCAUDAL_MARGIN_MM = 6;
/** From the body centres forward to the base top: a lumbar body's AP half-depth is ~15-18 mm. */
const ANTERIOR_MARGIN_MM = 24;
const POSTERIOR_MARGIN_MM = 6;
export const PRINT_BASE_MM = 5;
/** The base's rim beyond the bone, carrying the four corner pits clear of any overhang. */
const BASE_RIM_MM = 12;
/** A shell a needle can pass and a print can carry: 2.5 mm is 6 lines of a 0.4 mm nozzle. */
const SKIN_SHELL_WALL_MM = 2.5;

/**
 * LPS y of the most posterior voxel inside the body (the analysis's outline, couch excluded) within x and
 * z. The analysis grid is LPS-aligned (analysis/types.ts AnalysisGrid): its matrix is diagonal.
 */
function mostPosteriorBodyY(
  analysis: SpineAnalysis,
  xRange: [number, number],
  zRange: [number, number],
): number | undefined {
  const body = analysis.body;
  const [nx, ny, nz] = body.grid.dims;
  const m = body.grid.ijkToLps;
  // Which columns i lie within x (the grid is LPS-aligned: x depends on i alone).
  const inX = new Uint8Array(nx);
  for (let i = 0; i < nx; i++) {
    const xx = m[0]! * i + m[3]!;
    inX[i] = xx >= xRange[0] && xx <= xRange[1] ? 1 : 0;
  }
  let best: number | undefined;
  for (let k = 0; k < nz; k++) {
    const zz = m[10]! * k + m[11]!;
    if (zz < zRange[0] || zz > zRange[1]) continue;
    for (let j = 0; j < ny; j++) {
      const yy = m[5]! * j + m[7]!;
      if (best !== undefined && yy <= best) continue;
      let inside = false;
      forEachBodyRun(body, j, k, (start, end, label) => {
        if (inside || label !== BODY_INSIDE) return;
        for (let i = start; i < end && !inside; i++) inside = inX[i] === 1;
      });
      if (inside) best = yy;
    }
  }
  return best;
}

/** Registration pit radius: a 5 mm divot seats a controller tip or a fingertip marker. */
export const PRINT_PIT_RADIUS_MM = 2.5;

/**
 * The print request for a run of vertebrae from the automatic spine analysis (demo and patient CT alike):
 * box around the bodies and posterior elements, base under the bodies, pedestals within the bodies' width,
 * pits on the most cranial and most caudal spinous processes, the CT couch excluded. A string says why not.
 */
export function printRequestFromAnalysis(
  analysis: SpineAnalysis,
  choice: PrintChoice,
): PrintModelRequest | string {
  if (!analysis.found) return 'No spine was found on this CT: nothing to print.';
  const names = analysis.vertebrae.map((v) => v.name);
  const a = names.indexOf(choice.fromVertebra);
  const b = names.indexOf(choice.toVertebra);
  if (a < 0 || b < 0)
    return `Vertebra ${a < 0 ? choice.fromVertebra : choice.toVertebra} was not found on this CT.`;
  const chosen = analysis.vertebrae.slice(Math.min(a, b), Math.max(a, b) + 1);
  const z = chosen.flatMap((v) => [v.superiorEndplateCentreLps[2], v.inferiorEndplateCentreLps[2]]);
  const ys = chosen.map((v) => v.bodyCentreLps[1]);
  const tips = chosen.map((v) => v.spinousProcessTipLps).filter((t): t is Vec3 => t !== undefined);
  const midlineX = chosen.reduce((s, v) => s + v.bodyCentreLps[0], 0) / chosen.length;
  const yMin = Math.min(...ys) - ANTERIOR_MARGIN_MM - PRINT_BASE_MM;
  const boneYMax = Math.max(...ys.map((y) => y + 55), ...tips.map((t) => t[1])) + POSTERIOR_MARGIN_MM;
  const xRange: [number, number] = [
    midlineX - HALF_WIDTH_MM - BASE_RIM_MM,
    midlineX + HALF_WIDTH_MM + BASE_RIM_MM,
  ];
  const zRange: [number, number] = [
    Math.min(...z) - CRANIOCAUDAL_MARGIN_MM - BASE_RIM_MM,
    Math.max(...z) + CRANIOCAUDAL_MARGIN_MM + BASE_RIM_MM,
  ];
  // A skin shell needs the box to reach past the back skin (the body outline's most posterior point there).
  const skinY = choice.skinShell ? mostPosteriorBodyY(analysis, xRange, zRange) : undefined;
  const yMax = skinY === undefined ? boneYMax : Math.max(boneYMax, skinY + POSTERIOR_MARGIN_MM);
  const spinousPits: SpinousPitRequest[] = [];
  const withTips = chosen.filter((v) => v.spinousProcessTipLps);
  // Named by place, not by level: the analysis can pick a neighbour's spinous tip on patient CT, and a
  // pit's label must never claim a level it is not on.
  const ends = withTips.length > 1 ? [withTips[0]!, withTips[withTips.length - 1]!] : withTips;
  ends.forEach((v, n) => {
    spinousPits.push({
      id: n === 0 ? 'spinous-cranial' : 'spinous-caudal',
      label: n === 0 ? 'Spinous process, cranial' : 'Spinous process, caudal',
      nearLps: v.spinousProcessTipLps!,
    });
  });
  const body = analysis.body;
  return {
    boxMinLps: [xRange[0], yMin, zRange[0]],
    boxMaxLps: [xRange[1], yMax, zRange[1]],
    ...(skinY !== undefined
      ? { skinShell: { wallMm: choice.skinShellWallMm ?? SKIN_SHELL_WALL_MM, skinHu: SKIN_AIR_HU } }
      : {}),
    baseRimMm: BASE_RIM_MM,
    spacingMm: choice.spacingMm ?? 1,
    boneHu: BONE_THRESHOLD_HU,
    baseThicknessMm: PRINT_BASE_MM,
    pedestal: { midlineXLps: midlineX, halfWidthMm: 14, maxHeightMm: 45 },
    spinousPits,
    pitRadiusMm: PRINT_PIT_RADIUS_MM,
    exclude: body.couchFound
      ? { ijkToLps: body.grid.ijkToLps, runs: body.runs, label: BODY_COUCH }
      : undefined,
  };
}
