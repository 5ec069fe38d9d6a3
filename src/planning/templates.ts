/**
 * Procedure templates (issue 7): the procedure definitions (procedures.ts) as the template proposer uses
 * them. `proposal.ts` turns a template into a target and a skin entry, from the demo's ground truth or from
 * the user's clicks.
 */
export {
  type ApproachRule,
  type ClearanceKind,
  type ClickStep,
  clickPrompt,
  findProcedure as findTemplate,
  type LevelKind,
  PROCEDURES as PROCEDURE_TEMPLATES,
  type ProcedureDefinition as ProcedureTemplate,
  STANDARD_VIEW_LABELS,
  type StandardViewId,
  type TargetLandmark,
  type ViewStep,
} from './procedures';
