import type { CSSProperties } from 'react';
import { useAnalysisStore } from '../../state/analysisStore';
import type { SurfaceMesh } from '../../volume/surface/mesh';
import { LevelLabelsToggle } from '../analysis/LevelLabelsToggle';
import { OverflowRow, type OverflowRowItem } from '../overflow/OverflowRow';
import { BoneSurfaceToggle, RemoveCouchToggle, SurfaceStatus } from '../surface/SurfaceControls';
import { SurfaceExportButtons } from '../surface/SurfaceExportButtons';
import { CropToggle } from './CropPanel';
import {
  RenderModeSelect,
  RenderPresetSelect,
  RenderQualitySelect,
  TransferEditorToggle,
} from './RenderControls';
import { ProneViewButton, RotationSelect, StandardViewButtons } from './ViewButtons';
import { VIEW3D_PRIORITY } from './view3dToolbarPriority';

/** The area spans the toolbar's width (the row's room); the row starts at the view's left, its More menu hangs from its end. */
const areaStyle: CSSProperties = { justifyContent: 'flex-start', alignSelf: 'stretch' };

/** As high as the row's other buttons (the toggle is shared with the 2D toolbars, which style it their way). */
const levelsStyle: CSSProperties = { padding: '1px 6px', fontSize: 12 };

/**
 * The 3D view's controls in one row (views, render mode and preset, the clipping and editor toggles, surface,
 * levels, quality), the rest in a More menu; the bone surface's status on a line of its own below the row
 * while it has one. Panels that the row opens (clipping, the transfer-function editor) are drawn by the view
 * below this.
 */
export function Volume3DToolbar({
  editorOpen,
  onToggleEditor,
  cropOpen,
  onToggleCrop,
  patient,
  shown,
  couchFound,
}: {
  editorOpen: boolean;
  onToggleEditor: () => void;
  cropOpen: boolean;
  onToggleCrop: () => void;
  patient?: string;
  shown: SurfaceMesh | null;
  couchFound: boolean;
}) {
  const levelsFound = useAnalysisStore((s) => s.analysis?.found === true);
  const P = VIEW3D_PRIORITY;
  const items: OverflowRowItem[] = [
    { id: 'mode', priority: P.mode, name: 'Render mode', menuLabel: 'Mode', node: <RenderModeSelect /> },
    { id: 'preset', priority: P.preset, name: 'Preset', menuLabel: 'Preset', node: <RenderPresetSelect /> },
    {
      id: 'editor',
      priority: P.editor,
      name: 'Transfer-function editor',
      menuLabel: 'Transfer function',
      node: <TransferEditorToggle editorOpen={editorOpen} onToggleEditor={onToggleEditor} />,
    },
    { id: 'prone', priority: P.prone, name: 'Prone view', node: <ProneViewButton /> },
    {
      id: 'views',
      priority: P.views,
      name: 'Standard views',
      menuLabel: 'View',
      node: <StandardViewButtons />,
    },
    {
      id: 'clipping',
      priority: P.clipping,
      name: 'Clipping',
      menuLabel: 'Crop and clip',
      node: <CropToggle open={cropOpen} onToggle={onToggleCrop} />,
    },
    ...(levelsFound
      ? [
          {
            id: 'levels',
            priority: P.levels,
            name: 'Vertebra names',
            node: <LevelLabelsToggle testId="level-labels-toggle-3d" style={levelsStyle} />,
          },
        ]
      : []),
    { id: 'surface', priority: P.surface, name: 'Bone surface', node: <BoneSurfaceToggle /> },
    ...(couchFound
      ? [{ id: 'couch', priority: P.couch, name: 'Remove couch', node: <RemoveCouchToggle /> }]
      : []),
    {
      id: 'rotation',
      priority: P.rotation,
      name: 'Rotation',
      menuLabel: 'Rotation',
      node: <RotationSelect />,
    },
    {
      id: 'quality',
      priority: P.quality,
      name: 'Quality',
      menuLabel: 'Quality',
      node: <RenderQualitySelect />,
    },
    {
      id: 'exports',
      priority: P.exports,
      name: 'Surface export',
      menuLabel: 'Surface',
      node: <SurfaceExportButtons patient={patient} shown={shown} />,
    },
  ];
  return (
    <>
      <OverflowRow items={items} testId="view3d-row" moreTestId="view3d-more" areaStyle={areaStyle} />
      <SurfaceStatus shown={shown} couchFound={couchFound} />
    </>
  );
}
