import { useStudyStore } from '../state/studyStore';
import type { Volume } from '../volume/volume';
import { RegionStatsSync } from './measure/RegionStatsSync';
import { useSurfaceJob } from './surface/useSurfaceJob';
import { useCasePreset } from './volume3d/useCasePreset';
import { useDisplayVolume } from './volume3d/useDisplayVolume';

/**
 * Work that follows the open case whatever the layout shows: the HU statistics of the plan's regions (side
 * panel), the case's saved 3D preset, the bone surface job (3D view and headset). Mounted once by main.tsx
 * beside the shell, never inside a viewport: a view that is hidden (another one maximised, the C-arm tab)
 * unmounts, and whatever lived in it stopped with it (issue 19: the region statistics lived in the axial
 * slot and froze while another view was maximised; the surface job was cancelled the same way).
 */
export function CaseSyncs() {
  const { volume } = useDisplayVolume(useStudyStore((s) => s.volume));
  useCasePreset();
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
