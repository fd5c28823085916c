/**
 * What a check of a proof or a signature found: it holds, or the one thing that failed,
 * named for a program and described for a person. A failed check is an answer, not an
 * exception: a verifier reports it.
 */
export type Verdict<Problem extends string, Found extends object = object> = ({ readonly ok: true } & Found) | Failure<Problem>;

export interface Failure<Problem extends string> {
  readonly ok: false;
  readonly problem: Problem;
  readonly message: string;
}

export function failure<Problem extends string>(problem: Problem, message: string): Failure<Problem> {
  return { ok: false, problem, message };
}
