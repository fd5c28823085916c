import { fieldErrorsOf, type SchemaFailure } from '../errors.js';
import { EVENT_TYPES } from '../events/catalogue.js';
import { EventInput } from '../events/eventInput.js';
import { NegotiationId } from '../events/primitives.js';
import { RecordedEvent, type PendingEvent } from '../events/recordedEvent.js';
import type { StoredCheckpoint } from '../store/proofStore.js';
import { CHECKPOINT_KEY, CheckpointLine, checkpointNoteProblem } from './checkpointLine.js';
import type { SourceLine } from './jsonLines.js';

/** A line of an import file, validated. */
export type ImportLine =
  /** Already recorded elsewhere: kept exactly as written (minus `position`, which the store assigns). */
  | { readonly kind: 'recorded'; readonly number: number; readonly event: PendingEvent }
  /**
   * To be recorded now. `asWritten`: what the schema returned is the line's own JSON member
   * for member (no name trimmed, no member reordered), so the writing pass may take the line
   * as parsed instead of validating it again.
   */
  | { readonly kind: 'input'; readonly number: number; readonly negotiationId: string; readonly input: EventInput; readonly asWritten?: boolean }
  /** A signed checkpoint of the exporting store's Merkle log, met where the log reaches its size (CheckpointLine). */
  | { readonly kind: 'checkpoint'; readonly number: number; readonly checkpoint: StoredCheckpoint };

export interface LineProblem {
  readonly kind: 'problem';
  readonly number: number;
  readonly message: string;
}

/** The envelope fields only a recorded event has; any of them marks a line as a RecordedEvent. */
const RECORDED_KEYS = ['revision', 'recordedAt', 'recordedBy', 'hash', 'position', 'seq'] as const;

const RecordedEnvelope = RecordedEvent.pick({ negotiationId: true, revision: true, recordedAt: true, recordedBy: true, hash: true, schemaVersion: true }).extend({
  position: RecordedEvent.shape.position.optional(),
  seq: RecordedEvent.shape.seq,
});

const KNOWN_TYPES = new Set<string>(EVENT_TYPES);
const MAX_DEPTH = 32;
const MAX_ISSUES_PER_LINE = 3;

/**
 * Parses and validates one line. A RecordedEvent line is checked field by field like an
 * EventInput (its data against its type's schema) plus its envelope, and is returned
 * untransformed so its hash still covers exactly what is stored. `checked`: the line passed
 * this function before (the write pass of an import), so a recorded line is only parsed, and
 * so is an input line that was `asWritten` then.
 */
export function parseImportLine(line: SourceLine, options: { checked?: boolean; asWritten?: boolean } = {}): ImportLine | LineProblem {
  const problem = (message: string): LineProblem => ({ kind: 'problem', number: line.number, message });
  if (line.tooLong) return problem('line is too long (over 1 MiB); no event is that large');
  if (line.badEncoding) return problem('line is not valid UTF-8');
  let value: unknown;
  try {
    value = JSON.parse(line.text);
  } catch (error) {
    return problem(`not valid JSON: ${oneLine((error as Error).message)}`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return problem(`expected a JSON object, found ${Array.isArray(value) ? 'an array' : value === null ? 'null' : typeof value}`);
  }
  const raw = value as Record<string, unknown>;
  if (Object.hasOwn(raw, CHECKPOINT_KEY)) {
    if (options.checked) return { kind: 'checkpoint', number: line.number, checkpoint: raw[CHECKPOINT_KEY] as StoredCheckpoint };
    const parsed = CheckpointLine.safeParse(raw);
    if (!parsed.success) return problem(joinIssues(issueTexts(parsed.error)));
    const noteProblem = checkpointNoteProblem(parsed.data.checkpoint);
    return noteProblem ? problem(noteProblem) : { kind: 'checkpoint', number: line.number, checkpoint: parsed.data.checkpoint };
  }
  const recorded = RECORDED_KEYS.some((key) => Object.hasOwn(raw, key));
  if (recorded && options.checked) {
    // Validated by the checking pass: a recorded event is stored as written, so there is nothing to transform.
    const { position: _position, seq: _seq, ...event } = raw;
    return { kind: 'recorded', number: line.number, event: event as PendingEvent };
  }
  if (!recorded && options.checked && options.asWritten) {
    const { negotiationId, ...input } = raw;
    return { kind: 'input', number: line.number, negotiationId: negotiationId as string, input: input as EventInput, asWritten: true };
  }
  if (mayHideBadShape(line.text)) {
    const shapeProblem = forbiddenShape(raw);
    if (shapeProblem) return problem(shapeProblem);
  }
  const type = raw.type;
  const typeIssue = typeof type !== 'string' ? 'type: Required' : KNOWN_TYPES.has(type) ? undefined : `type: unknown event type ${JSON.stringify(type).slice(0, 60)}`;

  if (recorded) {
    const { negotiationId, revision, position, seq, recordedAt, recordedBy, hash, schemaVersion, ...input } = raw;
    const envelope = RecordedEnvelope.safeParse({ negotiationId, revision, position, seq, recordedAt, recordedBy, hash, schemaVersion });
    const content = typeIssue ? undefined : EventInput.safeParse(input);
    const issues = [...(typeIssue ? [typeIssue] : []), ...issueTexts(envelope.error), ...issueTexts(content?.error)];
    if (issues.length > 0) return problem(joinIssues(issues));
    if (input.id === undefined) return problem('id: Required (a recorded event keeps its id)');
    const { position: _position, seq: _seq, ...event } = raw;
    return { kind: 'recorded', number: line.number, event: event as PendingEvent };
  }

  const { negotiationId, ...rest } = raw;
  const stream = NegotiationId.safeParse(negotiationId);
  const input = typeIssue ? undefined : EventInput.safeParse(rest);
  const issues = [...issueTexts(stream.error, 'negotiationId'), ...(typeIssue ? [typeIssue] : []), ...issueTexts(input?.error)];
  if (issues.length > 0 || !stream.success || !input?.success) return problem(joinIssues(issues));
  return { kind: 'input', number: line.number, negotiationId: stream.data, input: input.data, asWritten: sameJson(rest, input.data) };
}

/** Whether two JSON values are the same, members in the same order. */
function sameJson(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== 'object' || typeof b !== 'object' || a === null || b === null) return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const other = b as unknown[];
    if (a.length !== other.length) return false;
    for (let i = 0; i < a.length; i++) if (!sameJson(a[i], other[i])) return false;
    return true;
  }
  const keys = Object.keys(a);
  const otherKeys = Object.keys(b);
  if (keys.length !== otherKeys.length) return false;
  for (let i = 0; i < keys.length; i++) {
    const key = keys[i]!;
    if (key !== otherKeys[i] || !sameJson((a as Record<string, unknown>)[key], (b as Record<string, unknown>)[key])) return false;
  }
  return true;
}

/**
 * Whether a line needs the full walk of forbiddenShape: a `__proto__` key is written as such
 * or with \u escapes, and only a correction patch holds free-form values that could nest
 * deeply (the catalogue's schemas bound everything else). Skipping the walk otherwise is
 * what keeps large imports fast.
 */
function mayHideBadShape(text: string): boolean {
  return text.includes('__proto__') || text.includes('\\u') || text.includes('EventCorrected');
}

/** `__proto__` keys (a prototype-pollution vector for any later merge) and absurd nesting are refused outright. */
function forbiddenShape(root: object): string | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [value, depth] = stack.pop()!;
    if (typeof value !== 'object' || value === null) continue;
    if (depth > MAX_DEPTH) return `nested more than ${MAX_DEPTH} levels deep`;
    if (Array.isArray(value)) {
      for (const item of value) stack.push([item, depth + 1]);
      continue;
    }
    if (Object.hasOwn(value, '__proto__')) return '"__proto__" is not allowed as a key';
    for (const item of Object.values(value)) stack.push([item, depth + 1]);
  }
  return undefined;
}

function issueTexts(failure: SchemaFailure | undefined, prefix?: string): string[] {
  if (!failure) return [];
  return fieldErrorsOf(failure, { prefix: prefix ? [prefix] : [], paths: 'dotted' }).map(({ path, message }) => {
    const said = /received undefined$/.test(message) ? 'Required' : message;
    return `${path || '(line)'}: ${oneLine(said)}`;
  });
}

function joinIssues(issues: string[]): string {
  const shown = issues.slice(0, MAX_ISSUES_PER_LINE).join('; ');
  return issues.length > MAX_ISSUES_PER_LINE ? `${shown}; and ${issues.length - MAX_ISSUES_PER_LINE} more` : shown;
}

function oneLine(text: string): string {
  const flat = text.replace(/\s+/g, ' ').trim();
  return flat.length > 200 ? `${flat.slice(0, 200)}…` : flat;
}
