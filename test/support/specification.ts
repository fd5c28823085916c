import { expect } from 'vitest';

/**
 * Given/when/then for the write rules and for the projections, after Emmett's
 * DeciderSpecification:
 *
 *   DeciderSpecification.for({ decide, evolve, initialState })
 *     .given(history).when(command).then(expectedEvents)      // or .then((events) => …)
 *     .given(history).when(command).thenThrows(ErrorClass, /message/ or (error) => …)
 *
 *   ProjectionSpecification.for({ evolve, initialState } or (events) => view)
 *     .given(events).then(expectedView)                       // or .then((view) => …)
 *
 * `then(expected)` asserts deep equality; `then(assert)` hands the outcome to the test.
 */

/** The write side of a stream: what it decides on a command, and how the events it holds make its state. */
export interface Decider<Command, State, HistoryEvent, DecidedEvent> {
  decide(command: Command, state: State): DecidedEvent[];
  evolve(state: State, event: HistoryEvent): State;
  /** A fresh state for each specification: evolve may update it in place. */
  initialState(): State;
}

/** A projection as a fold over events, or as one function of all of them. */
export type Projection<Event, View> = { evolve(view: View, event: Event): View; initialState(): View } | ((events: readonly Event[]) => View);

type ErrorClass<E extends Error> = abstract new (...args: never[]) => E;

export interface DeciderThen<DecidedEvent> {
  then(expected: readonly DecidedEvent[]): void;
  then(assert: (events: DecidedEvent[]) => void): void;
  /** The command is refused with this error; `check` matches its message or looks at it further. */
  thenThrows<E extends Error>(errorClass: ErrorClass<E>, check?: RegExp | ((error: E) => void)): void;
}

export interface ProjectionThen<View> {
  then(expected: View): void;
  then(assert: (view: View) => void): void;
}

export const DeciderSpecification = {
  for<Command, State, HistoryEvent, DecidedEvent>(decider: Decider<Command, State, HistoryEvent, DecidedEvent>) {
    return {
      given: (history: readonly HistoryEvent[]) => ({
        when: (command: Command): DeciderThen<DecidedEvent> => {
          const decided = () => {
            let state = decider.initialState();
            for (const event of history) state = decider.evolve(state, event);
            return decider.decide(command, state);
          };
          return {
            then: (expected: readonly DecidedEvent[] | ((events: DecidedEvent[]) => void)) => {
              const events = decided();
              if (typeof expected === 'function') expected(events);
              else expect(events).toEqual(expected);
            },
            thenThrows: <E extends Error>(errorClass: ErrorClass<E>, check?: RegExp | ((error: E) => void)) => {
              let events: DecidedEvent[];
              try {
                events = decided();
              } catch (error) {
                expect(error).toBeInstanceOf(errorClass);
                if (check instanceof RegExp) expect((error as E).message).toMatch(check);
                else check?.(error as E);
                return;
              }
              throw new Error(`expected the command to be refused with ${errorClass.name}, but it was accepted with ${events.length} event(s)`);
            },
          };
        },
      }),
    };
  },
};

export const ProjectionSpecification = {
  for<Event, View>(projection: Projection<Event, View>) {
    return {
      given: (events: readonly Event[]): ProjectionThen<View> => ({
        then: (expected: View | ((view: View) => void)) => {
          const view = project(projection, events);
          if (typeof expected === 'function') (expected as (view: View) => void)(view);
          else expect(view).toEqual(expected);
        },
      }),
    };
  },
};

function project<Event, View>(projection: Projection<Event, View>, events: readonly Event[]): View {
  if (typeof projection === 'function') return projection(events);
  let view = projection.initialState();
  for (const event of events) view = projection.evolve(view, event);
  return view;
}
