import type { CSSProperties, ReactNode } from 'react';
import { OverflowMenu } from './OverflowMenu';
import { OVERFLOW_ITEM_ATTRIBUTE, useOverflowRow } from './useOverflowRow';

export interface OverflowRowItem {
  id: string;
  /** 1 = stays in the row longest. */
  priority: number;
  /** What the control is, for the More button's tooltip. */
  name: string;
  /** Shown before the control in the menu when the control does not name itself (a select, − and +). */
  menuLabel?: string;
  node: ReactNode;
}

/** Flex gap between the row's controls (px); the decision counts it, so the CSS reads it from here. */
const GAP_PX = 3;
/** The More button's width before it was ever drawn (then it is measured). */
const MORE_BUTTON_ESTIMATE_PX = 48;

/**
 * A toolbar that is always one row: it takes the width of its area (which its container sets, e.g. the
 * view's width less a margin), and the controls that do not fit move, lowest priority first, into a More
 * menu at the row's end. The controls keep their order in the row and in the menu.
 */
export function OverflowRow({
  items,
  testId,
  moreTestId,
  areaClassName,
  areaStyle,
  rowAttributes,
}: {
  items: readonly OverflowRowItem[];
  testId: string;
  moreTestId: string;
  areaClassName?: string;
  areaStyle?: CSSProperties;
  /** Extra data attributes of the row (e.g. the band the row covers in a view). */
  rowAttributes?: Record<`data-${string}`, string>;
}) {
  const { areaRef, rowRef, inMenu } = useOverflowRow(items, GAP_PX, MORE_BUTTON_ESTIMATE_PX);
  const menuIds = new Set(inMenu);
  const inRow = items.filter((i) => !menuIds.has(i.id));
  const moved = items.filter((i) => menuIds.has(i.id));
  return (
    <div ref={areaRef} className={`overflow-row-area ${areaClassName ?? ''}`} style={areaStyle}>
      <div
        ref={rowRef}
        className="overflow-row"
        style={{ gap: GAP_PX }}
        data-testid={testId}
        data-in-menu={inMenu.join(' ')}
        {...rowAttributes}
      >
        {inRow.map((item) => (
          <span key={item.id} className="overflow-row-item" {...{ [OVERFLOW_ITEM_ATTRIBUTE]: item.id }}>
            {item.node}
          </span>
        ))}
        {moved.length > 0 && (
          <OverflowMenu testId={moreTestId} title={moved.map((i) => i.name).join(', ')}>
            {moved.map((item) => (
              <div key={item.id} className="overflow-menu-entry">
                {item.menuLabel && <span className="overflow-menu-label">{item.menuLabel}</span>}
                <span className="overflow-menu-control">{item.node}</span>
              </div>
            ))}
          </OverflowMenu>
        )}
      </div>
    </div>
  );
}
