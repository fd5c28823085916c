import { z } from 'zod';

// The order keys a cursor carries, checked when it comes back (see src/app/queries.ts for their meaning).

const ms = z.number().finite();
const position = z.int().min(0);

export const SummaryKey = z.strictObject({ streamNo: position });
export const StatementKey = z.strictObject({ rank: z.number().finite().optional(), order: ms, orderText: z.string().max(64), streamNo: position, position });
export const GrantKey = z.strictObject({ streamNo: position, order: ms, position });
export const OrgKey = z.strictObject({ start: ms, streamNo: position, position, family: z.enum(['summary', 'grant', 'offer', 'statement', 'meeting']) });
export const TimelineKey = z.strictObject({ start: ms, position });
