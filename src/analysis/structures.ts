import type { Vec3 } from '../core/vec3';
import type { GridVolume } from './grid';
import type { BodyMask, StructureSet } from './types';

/** What the structure stage needs to know about the spine (a subset of SpineAnalysis). */
export interface SpineGeometry {
  canal: { pointsLps: Vec3[]; radiiMm: number[] };
  vertebrae: readonly {
    name: string;
    bodyCentreLps: Vec3;
    superiorEndplateNormal: Vec3;
    left: { pedicleCentreLps: Vec3 };
    right: { pedicleCentreLps: Vec3 };
  }[];
  segments: readonly {
    name: string;
    discCentreLps: Vec3;
    left: { foramenCentreLps: Vec3; safeTriangleCentreLps: Vec3 };
    right: { foramenCentreLps: Vec3; safeTriangleCentreLps: Vec3 };
  }[];
}

/** Placeholder (being replaced): no structures. */
export function buildStructures(gv: GridVolume, _body: BodyMask, _spine: SpineGeometry): StructureSet {
  return { grid: gv.grid, labels: new Uint8Array(gv.hu.length), structures: [] };
}
