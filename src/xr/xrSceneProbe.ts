import type { Object3D } from 'three';

/** The headset's model group (the overlay: surface, plan, no-go, labels), while an XR canvas is mounted. */
let model: Object3D | null = null;

export function setProbedModel(group: Object3D | null): void {
  model = group;
}

/**
 * What end-to-end tests read of the headset scene through window.__spineplan (main.tsx): the overlay's
 * world matrix as three.js holds it (column-major, LPS mm -> room metres) and the names of its visible
 * parts. Scene geometry only: no plan or patient data.
 */
export function xrSceneSnapshot(): { modelMatrixWorld: number[]; visibleParts: string[] } | null {
  if (!model) return null;
  model.updateWorldMatrix(true, false);
  const visibleParts: string[] = [];
  model.traverseVisible((o) => {
    if (o !== model && o.name) visibleParts.push(o.name);
  });
  return { modelMatrixWorld: [...model.matrixWorld.elements], visibleParts };
}
