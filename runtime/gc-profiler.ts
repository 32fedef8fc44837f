/** The slice of v8.GCProfiler the runtime uses (the store holds the running one). */
export interface ProfilerEvent {
  gcType: string;
  cost: number;
  beforeGC: { heapStatistics: { usedHeapSize: number } };
  afterGC: { heapStatistics: { usedHeapSize: number } };
}

export interface GcProfilerLike {
  start(): void;
  stop(): { statistics: ProfilerEvent[] } | undefined;
}
