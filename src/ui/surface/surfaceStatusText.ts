import type { SurfaceMesh } from '../../volume/surface/mesh';

/**
 * What the bone surface is doing: its progress, its size as the 3D view draws it (`shown`, without the couch
 * while "Remove couch" is on), or why it failed. Empty while the surface is off.
 */
export function surfaceStatusText(
  s: {
    phase: string;
    progress: number;
    triangles: number;
    isoHu: number;
    error: string | null;
  },
  shown: Pick<SurfaceMesh, 'indices'> | null,
  couchRemoved: boolean,
): string {
  if (s.phase === 'working') return `extracting ${Math.round(s.progress * 100)} %`;
  if (s.phase === 'error') return s.error ?? 'failed';
  if (s.phase !== 'ready') return '';
  const shownTriangles = (shown?.indices.length ?? 0) / 3;
  const lessCouch = couchRemoved && shown !== null && shownTriangles < s.triangles;
  return `${shownTriangles.toLocaleString('en')} triangles at ${s.isoHu} HU${lessCouch ? ', couch removed' : ''}`;
}
