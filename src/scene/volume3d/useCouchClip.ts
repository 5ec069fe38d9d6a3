import { useMemo } from 'react';
import { couchClip } from '../../planning/couchClip';
import { useAnalysisStore } from '../../state/analysisStore';
import { useRenderStore } from '../../state/renderStore';
import type { DrrClip } from '../../volume/drr';

/**
 * The CT couch of the open volume as a half-space to leave out (planning/couchClip.ts, from the spine
 * analysis's body mask), while "Remove couch" is on; undefined before the analysis or when it found none.
 * `volumeId` may be a display copy's ('<id>@display...'): the analysis belongs to the volume it came from.
 */
export function useCouchClip(volumeId: string): DrrClip | undefined {
  const removeCouch = useRenderStore((s) => s.removeCouch);
  const body = useAnalysisStore((s) =>
    s.volumeId === volumeId.split('@')[0] ? s.analysis?.body : undefined,
  );
  const clip = useMemo(() => (body ? couchClip(body) : undefined), [body]);
  return removeCouch ? clip : undefined;
}

/** Whether the analysis found a couch on this volume (the toggle is offered only then). */
export function useCouchFound(volumeId: string): boolean {
  return useAnalysisStore(
    (s) => s.volumeId === volumeId.split('@')[0] && (s.analysis?.body.couchFound ?? false),
  );
}
