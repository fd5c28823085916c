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

/** Pure: adds a negotiation's grants, with their status at the asOf cut, to the register. */
export function evolveAccessRegister(
  register: readonly RegisterGrant[],
  state: NegotiationState,
  asOf: number,
  filter: AccessFilter = {},
): readonly RegisterGrant[] {
  const added: RegisterGrant[] = [];
  for (const grant of state.grants) {
    if (filter.grantee !== undefined && !contains(grant.grantee, filter.grantee)) continue;
    if (filter.model !== undefined && !contains(grant.model, filter.model)) continue;
    const { revoked: _revoked, validUntilEnd: _end, ...rest } = grant;
    added.push({ negotiationId: state.id, ...rest, status: grantStatus(grant, asOf) });
  }
  return added.length === 0 ? register : [...register, ...added];
}

function contains(value: string, wanted: string): boolean {
  return value.toLowerCase().includes(wanted.toLowerCase());
}
