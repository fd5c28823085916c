import { grantStatus, type Grant, type GrantStatus, type NegotiationState } from './negotiationState.js';

/** CONTRACT §4 Grant: a negotiation's grant in the access register, with its status at the cut. */
export type RegisterGrant = Omit<Grant, 'validUntilEnd' | 'revoked'> & {
  readonly negotiationId: string;
  readonly status: GrantStatus;
};

export interface AccessFilter {
  readonly grantee?: string;
  readonly model?: string;
}

/**
 * Pure: a negotiation's entries in the register, its grants with their status at the asOf
 * cut. The register lists every negotiation's entries in turn.
 */
export function registerGrantsOf(state: NegotiationState, asOf: number, filter: AccessFilter = {}): RegisterGrant[] {
  const entries: RegisterGrant[] = [];
  for (const grant of state.grants) {
    if (filter.grantee !== undefined && !contains(grant.grantee, filter.grantee)) continue;
    if (filter.model !== undefined && !contains(grant.model, filter.model)) continue;
    entries.push(registerEntryOf(state.id, grant, asOf));
  }
  return entries;
}

/** Pure: one grant's entry in the register, with its status at the asOf cut. */
export function registerEntryOf(negotiationId: string, grant: Grant, asOf: number): RegisterGrant {
  const { revoked: _revoked, validUntilEnd: _end, ...rest } = grant;
  return { negotiationId, ...rest, status: grantStatus(grant, asOf) };
}

function contains(value: string, wanted: string): boolean {
  return value.toLowerCase().includes(wanted.toLowerCase());
}
