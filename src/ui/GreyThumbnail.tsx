import { useEffect, useRef } from 'react';

/** Draws an 8-bit grey image (e.g. a series' middle slice) into a canvas whose longest side is `size` px. */
export function GreyThumbnail({
  image,
  size = 64,
}: {
  image: { width: number; height: number; grey: Uint8Array };
  size?: number;
}) {
  const ref = useRef<HTMLCanvasElement>(null);
  useEffect(() => {
    // A CPU-backed canvas: painted into its parent's layer. A GPU-backed one is a composited layer of its
    // own, and the side panel drawn over it then became layers too (cc tiles in the renderer's memory).
    const ctx = ref.current?.getContext('2d', { willReadFrequently: true });
    if (!ctx) return;
    const rgba = new Uint8ClampedArray(image.width * image.height * 4);
    for (let p = 0; p < image.grey.length; p++) {
      const g = image.grey[p]!;
      rgba[p * 4] = g;
      rgba[p * 4 + 1] = g;
      rgba[p * 4 + 2] = g;
      rgba[p * 4 + 3] = 255;
    }
    ctx.putImageData(new ImageData(rgba, image.width, image.height), 0, 0);
  }, [image]);
  // Pixels are square in these pictures: the shorter side is scaled down, never stretched.
  const longest = Math.max(image.width, image.height, 1);
  return (
    <canvas
      ref={ref}
      width={image.width}
      height={image.height}
      style={{ width: (size * image.width) / longest, height: (size * image.height) / longest }}
      className="thumb"
    />
  );
}
