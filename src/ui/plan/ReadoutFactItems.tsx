import type { ReadoutFact } from './readoutFacts';

/**
 * The <dt>/<dd> pairs of `readoutFacts` for a <dl>: the panel and the report share the words and differ only
 * in their test ids and in the classes that colour a warning or a danger.
 */
export function ReadoutFactItems({
  facts,
  testId,
  severityClass,
}: {
  facts: readonly ReadoutFact[];
  testId: (fact: ReadoutFact) => string | undefined;
  severityClass: Record<ReadoutFact['severity'], string | undefined>;
}) {
  return facts.map((f) => [
    <dt key={`${f.key}-dt`}>{f.label}</dt>,
    <dd key={`${f.key}-dd`} className={severityClass[f.severity]} data-testid={testId(f)}>
      {f.lead && <strong>{f.lead}</strong>}
      {f.lead && ' '}
      {f.text}
    </dd>,
  ]);
}
