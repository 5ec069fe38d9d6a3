import { invalidate } from '@react-three/fiber';
import { type RefObject, useEffect, useState } from 'react';

/** CSS-pixel size of an element, kept current; a resize also asks the on-demand canvas for a new frame. */
export function useElementSize(ref: RefObject<HTMLElement | null>): readonly [number, number] {
  const [size, setSize] = useState<readonly [number, number]>([0, 0]);
  useEffect(() => {
    const el = ref.current;
    if (!el) return;
    const update = () => {
      const r = el.getBoundingClientRect();
      setSize((s) => (s[0] === r.width && s[1] === r.height ? s : [r.width, r.height]));
      invalidate();
    };
    update();
    const observer = new ResizeObserver(update);
    observer.observe(el);
    return () => observer.disconnect();
  }, [ref]);
  return size;
}
