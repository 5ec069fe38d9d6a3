/**
 * ImageComments (0020,4000) written into every image of the built-in demo phantom. A series carrying it is
 * marked "Demo - not patient data" however it is opened (demo button, files exported from the app, a PACS).
 */
export const SPINEPLAN_DEMO_MARKER = 'SPINEPLAN DEMO PHANTOM';
