// The edtf package ships no types; this declares the one function Parley calls.
declare module 'edtf' {
  /** What the EDTF grammar read: a date, an interval, or a form Parley does not take. */
  export type EdtfParsed = EdtfDate | EdtfInterval | EdtfOther;

  /** An end of an interval: what it read, Infinity for an open end (`..`), null for an unknown (empty) one. */
  export type EdtfEnd = EdtfParsed | number | null;

  export interface EdtfDate {
    readonly type: 'Date';
    readonly level: number;
    readonly values: readonly number[];
    readonly approximate?: boolean;
    readonly uncertain?: boolean;
    /** A bitmask of the digits written as X. */
    readonly unspecified?: number;
  }

  export interface EdtfInterval {
    readonly type: 'Interval';
    readonly level: number;
    readonly values: readonly [EdtfEnd, EdtfEnd];
  }

  export interface EdtfOther {
    readonly type: 'Year' | 'Season' | 'Decade' | 'Century' | 'Set' | 'List';
    readonly level: number;
    readonly values?: readonly unknown[];
  }

  export interface EdtfConstraints {
    /** The highest EDTF level to accept (default 2). */
    readonly level?: 0 | 1 | 2 | 3;
    /** The kinds of result to accept (default: all). */
    readonly types?: readonly EdtfParsed['type'][];
    /** Also accept intervals of seasons (default false). */
    readonly seasonIntervals?: boolean;
  }

  /** Parses EDTF text; throws when it is none of the accepted forms. */
  export function parse(input: string, constraints?: EdtfConstraints): EdtfParsed;
}
