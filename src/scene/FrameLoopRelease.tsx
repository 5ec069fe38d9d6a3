import { useFrame, useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { useStudyStore } from '../state/studyStore';

/** A frame callback that holds nothing. */
const holdNothing = () => {};

/**
 * react-three-fiber's frame loop keeps the last frame callback it ran in a module variable until it runs
 * another. After a case closes that is a view's callback, whose closure holds the case's volume; with the
 * voxels in shared memory (volume/voxelStorage.ts), which cannot be detached on close, that kept the whole
 * image alive (issue 24). This component's callback holds nothing and outlives the views, so one more frame
 * after the close leaves the loop pointing at it.
 */
export function FrameLoopRelease() {
  const invalidate = useThree((s) => s.invalidate);
  useFrame(holdNothing);
  useEffect(
    () =>
      useStudyStore.subscribe((s, prev) => {
        if (prev.volume && !s.volume) invalidate();
      }),
    [invalidate],
  );
  return null;
}
