/**
 * Takes a V8 heap snapshot of this very thread through `node:inspector`, handing
 * each chunk of its JSON text to `onChunk` as V8 produces it.
 *
 * On a session connected to its own thread, `session.post` dispatches the command
 * synchronously: V8 builds the snapshot, serialises it, and every
 * `HeapProfiler.addHeapSnapshotChunk` event is delivered before `post` returns
 * (test/precise checks this). That is what makes precise mode usable inside a
 * process 'exit' handler, where no later turn of the event loop will come.
 *
 * `reportProgress: true` is deliberately not used: on Node 20 a same-thread session
 * that asks for `HeapProfiler.reportHeapSnapshotProgress` crashes the process with a
 * segmentation fault (seen on 20.20.2), so progress is reported from the parser
 * instead, once the chunks start arriving.
 */
import { Session } from "node:inspector";

export class SnapshotUnavailableError extends Error {
  override name = "SnapshotUnavailableError";
}

interface ChunkMessage {
  params: { chunk: string };
}

export function takeHeapSnapshot(onChunk: (chunk: string) => void): void {
  const session = new Session();
  try {
    session.connect();
  } catch (error) {
    throw new SnapshotUnavailableError(`cannot open an inspector session: ${(error as Error).message}`);
  }
  // An exception thrown by a listener would unwind through the inspector's
  // dispatcher: keep the first one and stop consuming instead.
  let failure: unknown = null;
  session.on("HeapProfiler.addHeapSnapshotChunk", (message: ChunkMessage) => {
    if (failure !== null) return;
    try {
      onChunk(message.params.chunk);
    } catch (error) {
      failure = error;
    }
  });
  let completed = false;
  let postError: Error | null = null;
  try {
    session.post("HeapProfiler.takeHeapSnapshot", { reportProgress: false }, (error) => {
      completed = true;
      postError = error;
    });
  } finally {
    session.disconnect();
  }
  if (!completed) throw new SnapshotUnavailableError("the inspector did not take the heap snapshot synchronously");
  if (postError !== null) throw new SnapshotUnavailableError(`V8 refused the heap snapshot: ${(postError as Error).message}`);
  if (failure !== null) throw failure;
}
