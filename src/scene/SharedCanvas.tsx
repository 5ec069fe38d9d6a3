import { View } from '@react-three/drei';
import { Canvas } from '@react-three/fiber';
import type { RefObject } from 'react';
import { FrameLoopRelease } from './FrameLoopRelease';
import { LayoutRedraw } from './LayoutRedraw';
import { ProgramWarmup } from './ProgramWarmup';

/**
 * One WebGL context for every viewport: each view is a drei <View> that tracks its DOM box and renders
 * scissored into this canvas. One context means one GPU copy of the volume texture, shared by the 3D and
 * 2D views (issue 6). Rendering is on demand (frameloop "demand" + invalidate()), never a busy loop.
 */
export function SharedCanvas({
  eventSource,
  onCreated,
}: {
  eventSource: RefObject<HTMLElement | null>;
  /** Called once the canvas has its WebGL context and renderer. */
  onCreated?: () => void;
}) {
  return (
    <Canvas
      onCreated={() => onCreated?.()}
      className="shared-canvas"
      data-testid="shared-canvas"
      frameloop="demand"
      eventSource={eventSource as RefObject<HTMLElement>}
      gl={{ antialias: true, alpha: false, powerPreference: 'high-performance', preserveDrawingBuffer: true }}
      style={{ position: 'absolute', inset: 0, pointerEvents: 'none' }}
    >
      <color attach="background" args={['#000000']} />
      <View.Port />
      <LayoutRedraw />
      <ProgramWarmup />
      <FrameLoopRelease />
    </Canvas>
  );
}
