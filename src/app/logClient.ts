import type { z } from 'zod';
import { CheckpointAnswer, ConsistencyAnswer, VerifierKey } from '../answers/proofs.js';
import { LogUnreachableError } from '../errors.js';

/** What the client needs of `fetch`: the real one in use and in tests. */
export type FetchLike = (url: string, init: { readonly headers: Record<string, string>; readonly signal: AbortSignal }) => Promise<Response>;

/** Far more than a checkpoint with a hundred cosignatures or any consistency proof: a larger answer is refused unread. */
const MAX_ANSWER_BYTES = 1024 * 1024;
const TIMEOUT_MS = 30_000;

/**
 * The proof routes of another Parley (CONTRACT §8), each answer checked against its schema.
 * Every way an answer can fail to be one (unreachable, an error status, not JSON, the wrong
 * shape) is a LogUnreachableError that says which route and why.
 */
export class LogClient {
  private readonly base: string;

  constructor(
    url: string,
    private readonly fetch: FetchLike,
    /** A reader token: the consistency route needs one unless the server's reads are public. */
    private readonly token?: string,
  ) {
    this.base = url.endsWith('/') ? url : `${url}/`;
  }

  key(): Promise<z.infer<typeof VerifierKey>> {
    return this.get('proofs/key', VerifierKey);
  }

  checkpoint(): Promise<z.infer<typeof CheckpointAnswer>> {
    return this.get('proofs/checkpoint', CheckpointAnswer);
  }

  consistency(from: number, to: number): Promise<z.infer<typeof ConsistencyAnswer>> {
    return this.get(`proofs/consistency?from=${from}&to=${to}`, ConsistencyAnswer);
  }

  private async get<Schema extends z.ZodType>(path: string, schema: Schema): Promise<z.infer<Schema>> {
    const url = new URL(path, this.base).toString();
    const what = `GET ${url}`;
    let response: Response;
    try {
      response = await this.fetch(url, { headers: { Accept: 'application/json', ...(this.token && { Authorization: `Bearer ${this.token}` }) }, signal: AbortSignal.timeout(TIMEOUT_MS) });
    } catch (error) {
      throw new LogUnreachableError(`${what} failed: ${reasonOf(error)}`);
    }
    const text = await boundedText(response, what);
    if (!response.ok) throw new LogUnreachableError(`${what} answered ${response.status}${detailOf(text)}${response.status === 401 || response.status === 403 ? ' (give a reader token: PARLEY_TOKEN or --token)' : ''}`);
    let body: unknown;
    try {
      body = JSON.parse(text);
    } catch {
      throw new LogUnreachableError(`${what} answered with a body that is not JSON (is ${this.base} a Parley server?)`);
    }
    const parsed = schema.safeParse(body);
    if (!parsed.success) {
      const issue = parsed.error.issues[0];
      throw new LogUnreachableError(`${what} answered JSON that is not the expected answer: ${issue?.path.join('.') || 'the body'}: ${issue?.message ?? 'invalid'}`);
    }
    return parsed.data;
  }
}

/** The body as text, refused past MAX_ANSWER_BYTES without reading the rest. */
async function boundedText(response: Response, what: string): Promise<string> {
  const chunks: Uint8Array[] = [];
  let size = 0;
  try {
    if (response.body) {
      for await (const chunk of response.body) {
        size += chunk.length;
        if (size > MAX_ANSWER_BYTES) {
          await response.body.cancel();
          throw new LogUnreachableError(`${what} answered with over ${MAX_ANSWER_BYTES} bytes`);
        }
        chunks.push(chunk);
      }
    }
  } catch (error) {
    if (error instanceof LogUnreachableError) throw error;
    throw new LogUnreachableError(`${what}: the answer broke off: ${reasonOf(error)}`);
  }
  return Buffer.concat(chunks).toString('utf8');
}

/** A problem document's detail (RFC 9457), when the error answer is one. */
function detailOf(text: string): string {
  try {
    const problem = JSON.parse(text) as { detail?: unknown; title?: unknown };
    const detail = typeof problem.detail === 'string' ? problem.detail : typeof problem.title === 'string' ? problem.title : undefined;
    return detail === undefined ? '' : `: ${detail.slice(0, 300)}`;
  } catch {
    return '';
  }
}

/** fetch says only "fetch failed": the cause says why (ECONNREFUSED, ENOTFOUND, a timeout). */
function reasonOf(error: unknown): string {
  const cause = (error as { cause?: { code?: unknown; message?: unknown } } | undefined)?.cause;
  if (typeof cause?.code === 'string') return cause.code;
  if (typeof cause?.message === 'string') return cause.message;
  if (error instanceof Error && error.name === 'TimeoutError') return `no answer within ${TIMEOUT_MS / 1000} s`;
  return error instanceof Error ? error.message : 'unknown error';
}
