import { useCapabilityStore } from '../../state/capabilityStore';
import type { Volume } from '../../volume/volume';

/** The volume the 3D view can upload, or why it cannot show it. */
export interface DisplayVolume {
  volume: Volume | null;
  notice: string | null;
}

/**
 * Volumes with an edge over MAX_3D_TEXTURE_SIZE cannot be uploaded as one 3D texture (domain.md sec. 7).
 * HOOK: when src/volume/ provides `downsampleForDisplay(volume, maxEdge)`, call it here (memoised by
 * volume id) and return the smaller copy with a notice "downsampled for display"; measurements keep using
 * the full-resolution volume. Until then the 3D view shows the notice instead of the volume.
 */
export function useDisplayVolume(volume: Volume | null): DisplayVolume {
  const maxEdge = useCapabilityStore((s) => s.assessment?.maxVolumeEdge ?? 2048);
  if (!volume) return { volume: null, notice: null };
  const largest = Math.max(...volume.dims);
  if (largest > maxEdge)
    return {
      volume: null,
      notice: `This series is ${volume.dims.join(' x ')} voxels; the graphics driver allows ${maxEdge} per side in 3D. Downsampling for the 3D view is not available yet: use the 2D views.`,
    };
  return { volume, notice: null };
}
