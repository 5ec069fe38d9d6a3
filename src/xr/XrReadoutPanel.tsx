import { useEffect, useMemo } from 'react';
import * as THREE from 'three';
import { DEFAULT_CLEARANCE_WARNING_MM } from '../planning/planFile';
import { planClearanceStructures, planTrajectoryReadouts, type ReadoutContext } from '../planning/readouts';
import { useCarmStore } from '../state/carmStore';
import { selectActivePlan, selectSelectedTrajectory, usePlanStore } from '../state/planStore';
import { useXrStore, type XrSurfaceStatus } from '../state/xrStore';
import { frameTimeLine } from './frameTiming';
import { readoutLines } from './readoutLines';
import { rehearsalLines } from './rehearsalLines';

const PANEL_PX: [number, number] = [512, 320];
const PANEL_M: [number, number] = [0.32, 0.2];
/** Left of the table, at eye-ish height, turned a little towards the user. */
const PANEL_POSITION: [number, number, number] = [-0.42, 1.3, -0.5];
const PANEL_YAW_RAD = 0.45;
const SURFACE_HINT: Record<XrSurfaceStatus, string> = {
  unavailable: 'No surface detection: model at table height (0.95 m)',
  searching: 'Point at the table and pull the trigger to set the model on it',
  placed: 'Model set on the table (point and pull to move it)',
};

/**
 * The selected trajectory's readouts on a flat panel in the room. Drawn with a 2D canvas into a texture:
 * no font download (drei <Text> fetches its font from a CDN) and one draw call.
 */
export function XrReadoutPanel({
  readoutContextFor,
}: {
  readoutContextFor?: (level: string) => ReadoutContext;
}) {
  const trajectory = usePlanStore(selectSelectedTrajectory);
  const plan = usePlanStore(selectActivePlan);
  const patientPosition = useCarmStore((s) => s.patientPosition);
  // The plan's marked and painted no-go structures, as the desktop panel counts them (one readout builder).
  const planStructures = useMemo(() => (plan ? planClearanceStructures(plan) : []), [plan]);
  const warningDistanceMm = plan?.clearanceWarningMm;
  const scaleMode = useXrStore((s) => s.scaleMode);
  const draggingEnd = useXrStore((s) => s.draggingEnd);
  const rehearsing = useXrStore((s) => s.rehearsing);
  const rehearsal = useXrStore((s) => s.rehearsal);
  const ar = useXrStore((s) => s.requestedMode === 'immersive-ar');
  const surface = useXrStore((s) => s.surface);
  const frameMs = useXrStore((s) => s.frameMs);
  const freMm = useXrStore((s) => s.registration?.freMm);
  const { canvas, texture } = useMemo(() => {
    const c = document.createElement('canvas');
    c.width = PANEL_PX[0];
    c.height = PANEL_PX[1];
    const t = new THREE.CanvasTexture(c);
    t.colorSpace = THREE.SRGBColorSpace;
    return { canvas: c, texture: t };
  }, []);
  useEffect(() => () => texture.dispose(), [texture]);

  useEffect(() => {
    const ctx = canvas.getContext('2d');
    if (!ctx) return;
    const readouts =
      trajectory && !rehearsing
        ? planTrajectoryReadouts(trajectory, readoutContextFor?.(trajectory.level) ?? {}, {
            planStructures,
            warningDistanceMm: warningDistanceMm ?? DEFAULT_CLEARANCE_WARNING_MM,
            patientPosition,
          })
        : undefined;
    const lines = rehearsing
      ? rehearsalLines(rehearsal)
      : readoutLines(trajectory, readouts, scaleMode, draggingEnd);
    if (freMm !== undefined) lines.push({ text: `On the print (FRE ${freMm.toFixed(1)} mm)` });
    else if (ar) lines.push({ text: SURFACE_HINT[surface] });
    const frame = frameTimeLine(frameMs);
    if (frame) lines.push(frame);
    // No-go contact flashes the whole panel red (with the controller's haptic pulse, rehearsalSession.ts).
    ctx.fillStyle = rehearsing && rehearsal?.contact ? '#7a1020' : '#171b21';
    ctx.fillRect(0, 0, canvas.width, canvas.height);
    // In a trainee attempt even the expert needle's colour stays off the panel.
    ctx.strokeStyle = (!rehearsal?.feedsAttempt && trajectory?.colour) || '#2b333d';
    ctx.lineWidth = 6;
    ctx.strokeRect(3, 3, canvas.width - 6, canvas.height - 6);
    let y = 42;
    for (const line of lines) {
      const flashing = rehearsing && rehearsal?.contact;
      ctx.fillStyle = line.warn ? (flashing ? '#ffe066' : '#ff8a7a') : line.title ? '#ffffff' : '#c9d1d9';
      ctx.font = `${line.title ? 'bold 30px' : '24px'} sans-serif`;
      ctx.fillText(line.text, 18, y, canvas.width - 36);
      y += line.title ? 40 : 32;
    }
    texture.needsUpdate = true;
  }, [
    canvas,
    texture,
    trajectory,
    readoutContextFor,
    planStructures,
    warningDistanceMm,
    patientPosition,
    scaleMode,
    draggingEnd,
    rehearsing,
    rehearsal,
    ar,
    surface,
    frameMs,
    freMm,
  ]);

  return (
    <mesh name="xr-readout-panel" position={PANEL_POSITION} rotation={[0, PANEL_YAW_RAD, 0]}>
      <planeGeometry args={PANEL_M} />
      <meshBasicMaterial map={texture} toneMapped={false} />
    </mesh>
  );
}
