import { parentPort } from 'node:worker_threads';
import { ApprovalDocumentContent, renderApprovalDocument } from './approval-document.pdf';

/** A render request from ApprovalDocumentRenderer; `id` pairs the answer with it. */
export interface RenderRequest {
  id: number;
  content: ApprovalDocumentContent;
  fontFile: string;
}

export type RenderAnswer = { id: number; pdf: Uint8Array } | { id: number; error: string };

// pdfkit renders synchronously for tens of milliseconds; here it holds this thread only, not access's event loop
// (its consumer, its RPC handlers and the job's transaction keep running while a document is set).
parentPort?.on('message', (request: RenderRequest) => {
  renderApprovalDocument(request.content, request.fontFile).then(
    (pdf) => parentPort!.postMessage({ id: request.id, pdf } satisfies RenderAnswer),
    (error: unknown) =>
      parentPort!.postMessage({
        id: request.id,
        error: error instanceof Error ? error.message : String(error),
      } satisfies RenderAnswer),
  );
});
