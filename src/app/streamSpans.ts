import { emptyLogSpan, evolveLogSpan, type LogSpan } from '../../projections/logSpan.js';
import type { StreamView } from '../replay/streamView.js';

/**
 * Each stream view's span (the dates its raw events cover), as folded up to the size it had:
 * a later call folds only the events added since.
 */
export class StreamSpans {
  private readonly spans = new WeakMap<StreamView, { readonly size: number; readonly span: LogSpan }>();

  of(view: StreamView): LogSpan {
    const folded = this.spans.get(view);
    if (folded?.size === view.size) return folded.span;
    const log = view.log;
    let span = folded?.span ?? emptyLogSpan;
    for (let revision = folded?.size ?? 0; revision < log.length; revision++) span = evolveLogSpan(span, log[revision]!);
    this.spans.set(view, { size: log.length, span });
    return span;
  }
}
