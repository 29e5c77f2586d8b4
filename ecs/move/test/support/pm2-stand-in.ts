import type { Pm2AppState, Pm2Control } from '../../src';

/** PM2 as the move sees it: each app's process statuses; stop and start change them at once. */
export class Pm2StandIn implements Pm2Control {
  readonly calls: string[] = [];
  onCall: (line: string) => void = () => undefined;

  constructor(private readonly apps: Map<string, string[]>) {}

  private record(line: string): void {
    this.calls.push(line);
    this.onCall(line);
  }

  async describe(name: string): Promise<Pm2AppState> {
    this.record(`pm2:jlist`);
    return { name, statuses: [...(this.apps.get(name) ?? [])] };
  }

  async stop(name: string): Promise<void> {
    this.record(`pm2:stop ${name}`);
    const statuses = this.apps.get(name);
    if (statuses === undefined) throw new Error(`[PM2][ERROR] Process or Namespace ${name} not found`);
    this.apps.set(
      name,
      statuses.map(() => 'stopped'),
    );
  }

  async start(name: string): Promise<void> {
    this.record(`pm2:start ${name}`);
    const statuses = this.apps.get(name) ?? ['stopped'];
    this.apps.set(
      name,
      statuses.map(() => 'online'),
    );
  }
}
