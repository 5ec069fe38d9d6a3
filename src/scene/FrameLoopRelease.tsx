import { useFrame, useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { useStudyStore } from '../state/studyStore';

/** A frame callback that holds nothing. */
const holdNothing = () => {};
/** Animation frames to wait at most for the views to leave the frame loop after a close (~10 s at 60 Hz). */
const MAX_WAIT_FRAMES = 600;

/**
 * react-three-fiber's frame loop keeps, in module variables, the subscriber list and the last frame
 * callback it ran until it runs another frame. After a case closes those are the views' callbacks, whose
 * closures hold the case's volume; with the voxels in shared memory (volume/voxelStorage.ts), which cannot
 * be detached on close, that kept the whole image alive (issue 24). The views leave the loop when the
 * canvas' own React root commits, which may come after the close's first frame, so after a close this
 * asks for frames until this component's callback, which holds nothing, is the only one left, and then
 * for one more.
 */
export function FrameLoopRelease() {
  const invalidate = useThree((s) => s.invalidate);
  const get = useThree((s) => s.get);
  useFrame(holdNothing);
  useEffect(() => {
    let request = 0;
    const unsubscribe = useStudyStore.subscribe((s, prev) => {
      if (!prev.volume || s.volume) return;
      cancelAnimationFrame(request);
      let frames = 0;
      const step = () => {
        invalidate();
        if (get().internal.subscribers.length > 1 && ++frames < MAX_WAIT_FRAMES)
          request = requestAnimationFrame(step);
      };
      step();
    });
    return () => {
      unsubscribe();
      cancelAnimationFrame(request);
    };
  }, [invalidate, get]);
  return null;
}
