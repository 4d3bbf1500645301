// Whether this igloo should be sent traffic (GET /_igloo/readyz, issue 9): its database answers and it
// is not draining. Reasons are fixed codes: a load balancer's probe is unauthenticated, so no error text.

export type NotReadyReason = 'draining' | 'database_unavailable';

export interface ReadinessSources {
  /** A trivial query; rejects when the database cannot answer. */
  pingDatabase(): Promise<unknown>;
}

export function createReadiness(sources: ReadinessSources) {
  let draining = false;
  return {
    /** From now on not ready: the process is stopping (SIGTERM). */
    startDraining(): void {
      draining = true;
    },
    get draining(): boolean {
      return draining;
    },
    /** `cause` is the ping's error, for the log only. */
    async check(): Promise<{ ready: true } | { ready: false; reason: NotReadyReason; cause?: unknown }> {
      if (draining) return { ready: false, reason: 'draining' };
      try {
        await sources.pingDatabase();
      } catch (error) {
        return { ready: false, reason: 'database_unavailable', cause: error };
      }
      // Checked again: the drain may have begun while the query ran.
      return draining ? { ready: false, reason: 'draining' } : { ready: true };
    },
  };
}

export type Readiness = ReturnType<typeof createReadiness>;
