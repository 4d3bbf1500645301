// What the emulator's home page (/_igloo/) shows, read in one place: the virtual clock, the demo world,
// the armed fault rules and the latest requests, each request with the App Dashboard app it belongs to.
import type { AppRepository } from '../apps/app-repository.ts';
import type { Clock, VirtualClock } from '../clock.ts';
import type { DemoWorld } from '../demo-world.ts';
import type { FaultRule } from '../faults/fault-rules.ts';
import type { FaultService } from '../faults/fault-service.ts';
import type { RequestLog, RequestLogEntry } from '../requestlog/request-log.ts';

export interface OverviewRequest {
  entry: RequestLogEntry;
  /** The Facebook app whose Request Log lists the entry, when its Instagram app is known. */
  fbAppId: string | undefined;
}

export interface EmulatorOverview {
  clock: { nowMs: number; offsetMs: number };
  demo: DemoWorld | undefined;
  faults: FaultRule[];
  requestLogEnabled: boolean;
  requests: OverviewRequest[];
}

export function createEmulatorOverview(deps: {
  clock: Clock;
  virtualClock: VirtualClock | undefined;
  faults: Pick<FaultService, 'list'>;
  requestLog: RequestLog;
  apps: Pick<AppRepository, 'findInstagramApp'>;
  findDemo: () => Promise<DemoWorld | undefined>;
}) {
  const { clock, virtualClock, faults, requestLog, apps, findDemo } = deps;

  /** The Facebook app of each Instagram App ID, looked up once per id. */
  const fbAppsOf = async (entries: RequestLogEntry[]): Promise<Map<string, string | undefined>> => {
    const ids = new Set(entries.flatMap((entry) => (entry.appId === undefined ? [] : [entry.appId])));
    const found = new Map<string, string | undefined>();
    for (const id of ids) found.set(id, (await apps.findInstagramApp(id))?.fbAppId);
    return found;
  };

  return {
    /** @param requestLimit how many of the latest requests to include */
    async read(requestLimit: number): Promise<EmulatorOverview> {
      const nowMs = clock.now();
      const { entries } = requestLog.list({ limit: requestLimit });
      const fbApps = await fbAppsOf(entries);
      return {
        clock: { nowMs, offsetMs: virtualClock?.offset() ?? 0 },
        demo: await findDemo(),
        faults: faults.list(),
        requestLogEnabled: requestLog.enabled,
        requests: entries.map((entry) => ({ entry, fbAppId: entry.appId === undefined ? undefined : fbApps.get(entry.appId) })),
      };
    },
  };
}

export type EmulatorOverviewService = ReturnType<typeof createEmulatorOverview>;
