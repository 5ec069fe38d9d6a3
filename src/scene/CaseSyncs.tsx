import { useStudyStore } from '../state/studyStore';
import type { Volume } from '../volume/volume';
import { RegionStatsSync } from './measure/RegionStatsSync';
import { useSurfaceJob } from './surface/useSurfaceJob';
import { useReleaseClosedCase } from './useReleaseClosedCase';
import { useCasePreset } from './volume3d/useCasePreset';
import { useDisplayVolume } from './volume3d/useDisplayVolume';

/**
 * Work that follows the open case whatever the layout shows: the HU statistics of the plan's regions (side
 * panel), the case's saved 3D preset, the bone surface job (3D view and headset), and the release of the
 * scene's caches when the case closes. Mounted once by main.tsx beside the shell, never inside a viewport: a
 * view that is hidden (another one maximised, the C-arm tab) unmounts, and whatever lived in it stopped with
 * it (issue 19: the region statistics lived in the axial slot and froze while another view was maximised;
 * the surface job was cancelled the same way).
 */
export function CaseSyncs() {
  // A boolean, not the volume: this component stays mounted after a close, and React keeps the previous
  // render's hook values in its alternate fiber; the parts that hold the volume unmount with the case.
  const open = useStudyStore((s) => s.volume !== null);
  useCasePreset();
  useReleaseClosedCase();
  return open ? <OpenCaseSyncs /> : null;
}

function OpenCaseSyncs() {
  const { volume } = useDisplayVolume(useStudyStore((s) => s.volume));
  return (
    <>
      <RegionStatsSync />
      {volume && <SurfaceJobSync volume={volume} />}
    </>
  );
}

function SurfaceJobSync({ volume }: { volume: Volume }) {
  useSurfaceJob(volume);
  return null;
}
