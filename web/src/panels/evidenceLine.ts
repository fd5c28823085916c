/**
 * What proves the negotiation at the cut (CONTRACT §8): the log's newest signed checkpoint,
 * its signature checked in the page against the server's published key, and a button that
 * downloads the negotiation's evidence pack at the cut, for `parley verify-evidence` to check
 * offline with no trust in the server.
 */
import { ApiError, type ApiClient } from '../api.js';
import { checkNoteSignature } from '../checkpointSignature.js';
import { downloadText } from '../download.js';
import { button, el, replaceChildren } from '../dom.js';
import { formatInstant } from '../timeText.js';
import type { Checkpoint, VerifierKey } from '../types.js';
import { cutParams, type ViewState } from '../viewState.js';

export class EvidenceLine {
  readonly element = el('p', { class: 'evidence', id: 'evidence-line' });

  constructor(private readonly api: ApiClient) {}

  async update(id: string, state: ViewState, stillWanted: () => boolean): Promise<void> {
    let found: { checkpoint: Checkpoint | undefined; key: VerifierKey } | undefined;
    try {
      const [checkpoint, key] = await Promise.all([this.api.get<Checkpoint>('/proofs/checkpoint').catch(noneYet), this.api.get<VerifierKey>('/proofs/key')]);
      found = { checkpoint, key };
    } catch (error) {
      // A store that keeps no Merkle log (501): nothing to prove with, so no line.
      if (!(error instanceof ApiError && error.status === 501)) throw error;
    }
    if (!stillWanted()) return;
    this.element.hidden = found === undefined;
    if (!found) return;
    const { checkpoint, key } = found;
    const download = button(
      'Download evidence',
      () =>
        void this.download(id, state).catch((error: unknown) => {
          this.element.append(el('span', { class: 'evidence-error', role: 'alert' }, ` The evidence could not be fetched: ${error instanceof ApiError ? error.describe() : String(error)}`));
        }),
      { class: 'secondary', id: 'evidence-download' },
    );
    if (!checkpoint) {
      replaceChildren(this.element, 'No checkpoint of the log has been signed yet; the evidence pack signs one. ', download);
      return;
    }
    const signature = await checkNoteSignature(checkpoint.note, key.vkey);
    if (!stillWanted()) return;
    const checked = signature === 'valid' ? 'Verified against' : signature === 'invalid' ? 'Signature does not verify:' : 'Signature not checked by this browser:';
    this.element.dataset.signature = signature;
    replaceChildren(
      this.element,
      el('span', { id: 'evidence-checkpoint' }, `${checked} checkpoint #${checkpoint.size.toLocaleString('en-GB')} signed ${formatInstant(checkpoint.time)}`),
      ` (the log's first ${checkpoint.size.toLocaleString('en-GB')} events, key ${key.keyName}). `,
      download,
    );
  }

  private async download(id: string, state: ViewState): Promise<void> {
    const pack = await this.api.get<unknown>(`/negotiations/${encodeURIComponent(id)}/evidence`, cutParams(state));
    const cut = [state.asOf ?? 'now', state.knownAt ?? 'now'].map((t) => t.replace(/[^0-9A-Za-z-]/g, '')).join('_');
    downloadText(`parley-evidence-${id}-${cut}.json`, `${JSON.stringify(pack, null, 2)}\n`, 'application/json');
  }
}

/** No checkpoint signed yet is a state of the log, not an error. */
function noneYet(error: unknown): undefined {
  if (error instanceof ApiError && error.status === 404) return undefined;
  throw error;
}
