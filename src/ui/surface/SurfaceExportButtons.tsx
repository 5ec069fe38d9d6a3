import { exportFileName } from '../../planning/exportNames';
import { useSurfaceStore } from '../../state/surfaceStore';
import { writeGlb } from '../../volume/surface/glb';
import type { SurfaceMesh } from '../../volume/surface/mesh';
import { writeStl } from '../../volume/surface/stl';

/** Saves bytes as a file through a Blob URL: nothing leaves the computer. */
function download(bytes: Uint8Array, fileName: string, type: string): void {
  const url = URL.createObjectURL(new Blob([bytes as Uint8Array<ArrayBuffer>], { type }));
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  // Revoke after the click has been handled; revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

/** "Export STL" and "Export GLB" for the current bone surface (disabled until one is ready). */
export function SurfaceExportButtons({
  patient = '',
  shown,
}: {
  patient?: string;
  shown: SurfaceMesh | null;
}) {
  const ready = useSurfaceStore((s) => s.phase === 'ready');
  const mesh = ready ? shown : null;
  const save = (format: 'stl' | 'glb', m: SurfaceMesh) => {
    // Named for people (issue 19): "Bone surface - DOE, JANE - 2026-12-06.stl".
    const name = exportFileName('Bone surface', patient, new Date(), format);
    const title = name.slice(0, -format.length - 1);
    if (format === 'stl') download(writeStl(m, `Spineplan ${title}`), name, 'model/stl');
    else download(writeGlb(m, title), name, 'model/gltf-binary');
  };
  return (
    <span style={{ display: 'inline-flex', gap: 2 }}>
      <button
        type="button"
        className="small"
        disabled={!mesh}
        data-testid="surface-export-stl"
        title="Binary STL, patient LPS millimetres"
        onClick={() => mesh && save('stl', mesh)}
      >
        Export STL
      </button>
      <button
        type="button"
        className="small"
        disabled={!mesh}
        data-testid="surface-export-glb"
        title="glTF 2.0 binary, metres, Y = superior"
        onClick={() => mesh && save('glb', mesh)}
      >
        Export GLB
      </button>
    </span>
  );
}
