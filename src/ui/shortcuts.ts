import { useEffect } from 'react';
import { usePacsStore } from '../state/pacsStore';
import { useViewStore, type ViewportId } from '../state/viewStore';

export interface Shortcut {
  keys: string;
  action: string;
}

/**
 * Every mouse control, 2D and 3D (issue 19: the help listed the keys only). The handlers are in
 * scene/slice/useSliceInput.ts (2D), scene/volume3d/useTurntable.ts and useWindowLevelDrag.ts (3D).
 */
export const MOUSE_CONTROLS: readonly { view: '2D' | '3D' | 'Layout'; controls: readonly Shortcut[] }[] = [
  {
    view: '2D',
    controls: [
      { keys: 'Click / left drag', action: 'Move the crosshair in all views' },
      { keys: 'Wheel', action: 'Scroll slices (also Ctrl+left drag, arrows, PageUp / PageDown)' },
      {
        keys: 'Ctrl+wheel or pinch',
        action: 'Zoom about the pointer (one notch = 1.25x, as the + / - buttons)',
      },
      { keys: 'Middle drag or Shift+left drag', action: 'Pan' },
      { keys: 'Right drag', action: 'Window / level: right = wider, down = higher level' },
      { keys: 'Drag a handle or a measurement point', action: 'Move it in the plane of the view' },
      { keys: 'Click a trajectory line', action: 'Select that trajectory' },
      {
        keys: 'Wheel (needle views)',
        action: 'Down the needle: 1 mm deeper / shallower; in-plane: turn 5° about it',
      },
    ],
  },
  {
    view: '3D',
    controls: [
      {
        keys: 'Left drag',
        action: 'Turn: turntable keeps the patient axis up (Trackball in the 3D menu turns freely)',
      },
      { keys: 'Middle drag or Shift+left drag', action: 'Pan' },
      { keys: 'Wheel or pinch', action: 'Zoom about the pointer' },
      { keys: 'Right drag', action: 'Window / level of the 3D preset (in MIP its window)' },
      {
        keys: 'Click a needle',
        action: 'Select that trajectory; with + Needle, a click on bone places a point',
      },
      {
        keys: 'Edit: drag / click / double-click a point',
        action: 'Transfer function: move a point, add one, remove one (or Delete)',
      },
    ],
  },
  {
    view: 'Layout',
    controls: [
      { keys: 'Double-click a view title', action: 'Maximise or restore that view' },
      { keys: 'Enlarge (1+3 layouts)', action: 'Put that view in the large place' },
    ],
  },
];

/** Shown in the help panel; the handler below implements the same table. */
export const SHORTCUTS: readonly Shortcut[] = [
  { keys: '?  or  F1', action: 'Show or hide this help' },
  { keys: '1 / 2 / 3 / 4', action: 'Maximise the 3D / axial / sagittal / coronal view (again to restore)' },
  { keys: 'Esc', action: 'Restore the 2x2 layout, close dialogs' },
  {
    keys: '+ Needle, then 2 clicks (2D)',
    action: 'New trajectory: click the target, then the skin entry (Esc cancels)',
  },
  { keys: 'Drag a handle (2D)', action: 'Move a trajectory end in the plane of that view' },
  {
    keys: 'Alt+arrows, Alt+PageUp/PageDown (2D)',
    action: 'Nudge the last clicked end of the selected trajectory 0.5 mm (arrows alone scroll slices)',
  },
  {
    keys: 'Click, click (2D, measuring)',
    action: 'Distance / HU region (centre, rim); angle takes three clicks',
  },
  { keys: 'Drag a measurement point (2D)', action: 'Edit that measurement in the plane of the view' },
  { keys: 'Esc (measuring)', action: 'Stop measuring (points of an unfinished measurement are dropped)' },
  {
    keys: 'Propose from clicks, then clicks (2D)',
    action: 'Template landmarks in the order the banner asks for them (Esc cancels)',
  },
  { keys: 'Paint no-go, drag (2D)', action: 'Paint a no-go region with the brush; Shift+drag erases' },
  { keys: 'L or Space, held (C-arm)', action: 'Fluoroscopy pedal: live image and fluoro time while held' },
  { keys: 'F (training attempt)', action: 'Take a shot (one exposure, counted)' },
  {
    keys: 'Click the monitor (training attempt)',
    action: 'Put the needle on the skin along that ray, coaxial with the beam',
  },
  { keys: 'W / S, Shift for 5 mm (training)', action: 'Advance / withdraw the needle 1 mm' },
  { keys: 'Arrows (training attempt)', action: 'Steer the needle 1° about the image axes' },
  { keys: 'Ctrl+O', action: 'Open DICOM files' },
  { keys: 'Ctrl+Z', action: 'Undo the last plan change (not while typing or placing a point)' },
  { keys: 'Ctrl+Shift+Z  or  Ctrl+Y', action: 'Redo the plan change undone last' },
];

const VIEW_BY_KEY: Record<string, ViewportId> = { '1': '3d', '2': 'axial', '3': 'sagittal', '4': 'coronal' };

const isTyping = (target: EventTarget | null) =>
  target instanceof HTMLElement &&
  (target.isContentEditable || /^(INPUT|TEXTAREA|SELECT)$/.test(target.tagName));

export function useGlobalShortcuts(openFilePicker: () => void): void {
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      // Esc closes the PACS dialog even from its search fields (issue 19: every popover and dialog closes with
      // Esc; the help closes on a click outside, the headset note is a light-dismiss popover).
      if (e.key === 'Escape' && usePacsStore.getState().dialogOpen) {
        usePacsStore.getState().setDialogOpen(false);
        return;
      }
      if (isTyping(e.target)) return;
      const view = useViewStore.getState();
      if (e.key === '?' || e.key === 'F1') {
        e.preventDefault();
        view.setHelpOpen(!view.helpOpen);
      } else if (e.key === 'Escape') {
        view.setHelpOpen(false);
        view.restoreLayout();
      } else if ((e.ctrlKey || e.metaKey) && e.key.toLowerCase() === 'o') {
        e.preventDefault();
        openFilePicker();
      } else if (!e.ctrlKey && !e.metaKey && !e.altKey && VIEW_BY_KEY[e.key]) {
        view.toggleMaximized(VIEW_BY_KEY[e.key]!);
      }
    };
    window.addEventListener('keydown', onKey);
    return () => window.removeEventListener('keydown', onKey);
  }, [openFilePicker]);
}
