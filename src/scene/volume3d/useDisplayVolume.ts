import { useMemo } from 'react';
import { useCapabilityStore } from '../../state/capabilityStore';
import { downsampleForDisplay } from '../../volume/downsample';
import type { Volume } from '../../volume/volume';

/** The volume the 3D view can upload, and a notice when it is a reduced copy. */
export interface DisplayVolume {
  volume: Volume | null;
  notice: string | null;
}

/**
 * One reduced copy per volume and limit, shared by every view that asks (the 3D view, the C-arm view, the
 * case syncs): a copy each would hold the reduced voxels several times and, being different objects, make
 * the one shared GPU texture (render/volumeTextureCache.ts) be replaced back and forth.
 */
const reducedCopies = new WeakMap<Volume, { maxEdge: number; display: DisplayVolume }>();

/**
 * Volumes with an edge over MAX_3D_TEXTURE_SIZE cannot be uploaded as one 3D texture (domain.md sec. 7): the
 * 3D and C-arm views then show a block-averaged copy that fits (volume/downsample.ts keeps the patient
 * geometry), with a notice. Measurements and readouts keep using the full-resolution volume.
 */
export function useDisplayVolume(volume: Volume | null): DisplayVolume {
  const maxEdge = useCapabilityStore((s) => s.assessment?.maxVolumeEdge ?? 2048);
  return useMemo(() => {
    if (!volume) return { volume: null, notice: null };
    if (Math.max(...volume.dims) <= maxEdge) return { volume, notice: null };
    const known = reducedCopies.get(volume);
    if (known?.maxEdge === maxEdge) return known.display;
    const reduced = downsampleForDisplay(volume, maxEdge);
    const display = {
      volume: { ...reduced, id: `${volume.id}@display${maxEdge}` },
      notice: `${volume.dims.join(' x ')} voxels exceed this GPU's 3D limit (${maxEdge} per side): shown downsampled to ${reduced.dims.join(' x ')}. Measurements use full resolution.`,
    };
    reducedCopies.set(volume, { maxEdge, display });
    return display;
  }, [volume, maxEdge]);
}
