import { useFrame } from '@react-three/fiber';
import { type RefObject, useRef } from 'react';

/**
 * Counts the frames the shared canvas renders and writes the count to `data-frames` on an overlay element
 * (no React state per frame). Tests read it to check rendering stays on demand: no frames while idle.
 */
export function FrameCounter({ targetRef }: { targetRef: RefObject<HTMLElement | null> }) {
  const frames = useRef(0);
  useFrame(() => {
    frames.current++;
    targetRef.current?.setAttribute('data-frames', String(frames.current));
  });
  return null;
}
