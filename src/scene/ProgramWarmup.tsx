import { useThree } from '@react-three/fiber';
import { useEffect } from 'react';
import { warmUpPrograms } from '../render/programWarmup';

/**
 * Issues the compile of the programs an open's first frames use as soon as the shared canvas has its
 * renderer (render/programWarmup.ts): in a task after the one that made the WebGL context, long before a
 * dropped case's views mount.
 */
export function ProgramWarmup() {
  const gl = useThree((s) => s.gl);
  useEffect(() => {
    let release: (() => void) | null = null;
    const timer = setTimeout(() => {
      release = warmUpPrograms(gl);
    }, 0);
    return () => {
      clearTimeout(timer);
      release?.();
    };
  }, [gl]);
  return null;
}
