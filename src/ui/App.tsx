import { type ReactNode, type RefObject, useCallback, useEffect, useRef, useState } from 'react';
import { useStudyStore } from '../state/studyStore';
import type { ViewportId } from '../state/viewStore';
import { useAppActions } from './appActions';
import { collectDroppedFiles, pickedFromInput } from './collectDroppedFiles';
import { EmptyState } from './EmptyState';
import { ErrorState } from './ErrorState';
import { Header } from './Header';
import { HelpPanel } from './HelpPanel';
import { LoadingState } from './LoadingState';
import { SidePanel, type SidePanelSlots } from './SidePanel';
import { StatusBar } from './StatusBar';
import { useGlobalShortcuts } from './shortcuts';
import { ViewportGrid } from './ViewportGrid';

export interface AppSlots {
  viewports: Partial<Record<ViewportId, ReactNode>>;
  /** The single WebGL canvas all viewports render into; given the element that receives pointer events. */
  renderCanvas?: (eventSource: RefObject<HTMLElement | null>) => ReactNode;
  panel: SidePanelSlots;
  /** The series' stored images (ui/acquired), offered in the 3D place. */
  acquired?: ReactNode;
}

/** The shell: header, 2x2 viewports (or empty/loading/error state), side panel, status bar. */
export function App({ slots }: { slots: AppSlots }) {
  const status = useStudyStore((s) => s.status);
  // The shell mounts afresh after each close: React keeps every component's previous hook values (its
  // alternate fiber) until it renders again, and panels that showed the closed case would keep its analysis
  // and images alive (issue 24). Application state lives in the stores and survives.
  const closedCount = useStudyStore((s) => s.closedCount);
  const { openFiles } = useAppActions();
  const appRef = useRef<HTMLDivElement>(null);
  const filesInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const canvasKey = useFreshCanvasPerCase();
  const pickFiles = useCallback(() => filesInput.current?.click(), []);
  const pickFolder = useCallback(() => folderInput.current?.click(), []);
  useGlobalShortcuts(pickFiles);

  const onDrop = async (e: React.DragEvent) => {
    e.preventDefault();
    setDragging(false);
    const files = await collectDroppedFiles(e.dataTransfer);
    if (files.length > 0) openFiles(files);
  };

  let main: ReactNode;
  if (status === 'empty') main = <EmptyState onPickFiles={pickFiles} onPickFolder={pickFolder} />;
  else if (status === 'loading') main = <LoadingState />;
  else if (status === 'error') main = <ErrorState />;
  else main = <ViewportGrid viewports={slots.viewports} acquired={slots.acquired} />;

  return (
    <div
      key={closedCount}
      ref={appRef}
      className={`app${dragging ? ' dragging' : ''}`}
      data-testid="app"
      onDragOver={(e) => {
        e.preventDefault();
        setDragging(true);
      }}
      onDragLeave={(e) => {
        if (e.currentTarget === e.target) setDragging(false);
      }}
      onDrop={onDrop}
    >
      <Header />
      <main className="workspace">{main}</main>
      <SidePanel slots={slots.panel} />
      <StatusBar />
      {slots.renderCanvas && (
        // Made with the shell, hidden until a case is ready: creating the WebGL context (~250 ms of one
        // main-thread task on SwiftShader) then happens before a drop, not inside the commit that mounts the
        // views once the volume has arrived (issue 20, long tasks during an open). A new canvas for each
        // case opened over another (useFreshCanvasPerCase).
        <div
          key={canvasKey}
          className={`canvas-layer${status === 'ready' ? '' : ' waiting'}`}
          data-testid="canvas-layer"
          aria-hidden={status !== 'ready'}
        >
          {slots.renderCanvas(appRef)}
        </div>
      )}
      <HelpPanel />
      <input
        ref={filesInput}
        type="file"
        multiple
        hidden
        data-testid="file-input"
        onChange={(e) => {
          openFiles(pickedFromInput(e.target.files));
          e.target.value = '';
        }}
      />
      <input
        ref={folderInput}
        type="file"
        hidden
        data-testid="folder-input"
        {...{ webkitdirectory: '' }}
        onChange={(e) => {
          openFiles(pickedFromInput(e.target.files));
          e.target.value = '';
        }}
      />
      {dragging && <div className="drop-overlay">Drop DICOM files or folders to open them</div>}
    </div>
  );
}

/**
 * A counter that moves when a case goes while the shell stays (another case or series starts loading over
 * it): the canvas is keyed by it and made anew. A canvas kept across cases held the previous case's volume
 * through the three.js/React objects of its last frame (one volume more while the next case was open; issue
 * 24's open-over-itself check). A close remounts the whole shell anyway.
 */
function useFreshCanvasPerCase(): number {
  const [key, setKey] = useState(0);
  useEffect(
    () =>
      useStudyStore.subscribe((s, prev) => {
        if (prev.volume && !s.volume) setKey((k) => k + 1);
      }),
    [],
  );
  return key;
}
