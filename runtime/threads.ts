/**
 * worker_threads: every thread records into its own store. A worker posts its raw
 * part on a BroadcastChannel from its process 'exit' event (natural end or
 * process.exit() in the worker; worker.terminate() stops JavaScript at once, so a
 * terminated worker's part is lost and the main thread cannot know it). The main
 * thread listens on the channel and, at export, drains what is still queued
 * synchronously with receiveMessageOnPort.
 */
import { BroadcastChannel, receiveMessageOnPort } from "node:worker_threads";
import type { RawSnapshot } from "../format/snapshot.js";
import type { Store } from "./store.js";
import { append } from "./intrinsics.js";

export const PARTS_CHANNEL = "memscope-ts.thread-parts";
const MESSAGE_TYPE = "memscope-ts.part";

interface PartMessage {
  type: typeof MESSAGE_TYPE;
  part: RawSnapshot;
}

function isPartMessage(value: unknown): value is PartMessage {
  return typeof value === "object" && value !== null && (value as PartMessage).type === MESSAGE_TYPE && typeof (value as PartMessage).part === "object";
}

/** Main thread: start receiving workers' parts. */
export function listenForParts(store: Store): void {
  try {
    const channel = new BroadcastChannel(PARTS_CHANNEL);
    channel.onmessage = (event: unknown) => {
      const data = (event as { data?: unknown }).data;
      if (isPartMessage(data)) append(store.workerParts, data.part);
    };
    channel.unref();
    store.partsChannel = channel;
  } catch {
    store.internalErrors++;
  }
}

/** Main thread: take the parts still queued on the channel, synchronously. */
export function drainParts(store: Store): void {
  const channel = store.partsChannel;
  if (channel === null) return;
  try {
    for (;;) {
      const received = receiveMessageOnPort(channel as unknown as Parameters<typeof receiveMessageOnPort>[0]);
      if (received === undefined) break;
      if (isPartMessage(received.message)) append(store.workerParts, received.message.part);
    }
  } catch {
    store.internalErrors++;
  }
}

/**
 * Worker: posts this thread's part. The channel is opened only now, at exit, so a
 * worker never queues other workers' parts it would not read.
 */
export function postPart(store: Store, part: RawSnapshot): void {
  try {
    const channel = new BroadcastChannel(PARTS_CHANNEL);
    channel.unref();
    channel.postMessage({ type: MESSAGE_TYPE, part } satisfies PartMessage);
  } catch {
    store.internalErrors++;
  }
}
