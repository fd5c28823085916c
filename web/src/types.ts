/**
 * The shapes the dashboard reads from the HTTP API (CONTRACT §4), inferred from the zod
 * schemas the server validates and documents its answers with (src/answers). Type-only
 * imports: the bundle takes no server code and no zod. Everything is still treated as untrusted text.
 */
import type { z } from 'zod';
import type { listOf, pageOf } from '../../src/answers/cut.js';
import type { Dashboard } from '../../src/answers/dashboard.js';
import type { EventPage as EventPageAnswer } from '../../src/answers/eventPage.js';
import type { Grant as GrantAnswer } from '../../src/answers/grant.js';
import type { NegotiationState as NegotiationStateAnswer, Offer as OfferAnswer } from '../../src/answers/negotiationState.js';
import type { NegotiationSummary as NegotiationSummaryAnswer } from '../../src/answers/negotiationSummary.js';
import type { Statement as StatementAnswer } from '../../src/answers/statement.js';
import type { TimelineEntry as TimelineEntryAnswer } from '../../src/answers/timelineEntry.js';
import type { VerifyResult as VerifyResultAnswer } from '../../src/answers/verifyResult.js';
import type { CheckpointAnswer, VerifierKey as VerifierKeyAnswer } from '../../src/answers/proofs.js';

export type NegotiationSummary = z.infer<typeof NegotiationSummaryAnswer>;
export type Checkpoint = z.infer<typeof CheckpointAnswer>;
export type VerifierKey = z.infer<typeof VerifierKeyAnswer>;
export type NegotiationState = z.infer<typeof NegotiationStateAnswer>;
export type Offer = z.infer<typeof OfferAnswer>;
export type AccessRequest = NegotiationState['requests'][number];
export type Party = NegotiationState['parties'][number];
export type MeetingCount = NegotiationState['meetings'];
/** An entry of the access register; a negotiation's state lists its grants without the negotiationId. */
export type Grant = z.infer<typeof GrantAnswer>;
export type TimelineEntry = z.infer<typeof TimelineEntryAnswer>;
export type Statement = z.infer<typeof StatementAnswer>;
export type Speaker = Statement['speaker'];
export type EventPage = z.infer<typeof EventPageAnswer>;
export type RecordedEvent = EventPage['items'][number];
export type Source = NonNullable<RecordedEvent['source']>;
/** A query answer: its items and the cut they are for. */
export type ListOf<T> = z.infer<ReturnType<typeof listOf<z.ZodType<T>>>>;
/** A page of a list (CONTRACT §4.1): its items, the cut, and the cursor of the next page (null at the end). */
export type PageOf<T> = z.infer<ReturnType<typeof pageOf<z.ZodType<T>>>>;
/** `GET /dashboard`: totals at the cut. */
export type DashboardTotals = z.infer<typeof Dashboard>;
export type VerifyResult = z.infer<typeof VerifyResultAnswer>;
