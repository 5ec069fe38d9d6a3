/**
 * Which of the 3D view's controls stay in a narrow view's row longest (1 first): the preset and the render
 * mode decide what the picture shows at all; Prone and the standard views are how a planner gets back to a
 * known view after turning it; clipping cuts away what hides the spine; the transfer-function editor refines
 * a preset; the vertebra names have the
 * same switch in every 2D view; the bone surface and the couch are set once per case; the rotation style,
 * the sampling quality and the mesh exports are rarely touched.
 */
export const VIEW3D_PRIORITY = {
  preset: 1,
  mode: 2,
  prone: 3,
  views: 4,
  clipping: 5,
  editor: 6,
  levels: 7,
  surface: 8,
  couch: 9,
  rotation: 10,
  quality: 11,
  exports: 12,
} as const;
