import { AppProcess } from './app-process';
import { appEntry, type AppName } from './kodus-env';
import { freePort } from './ports';

const PORT_VARIABLE: Record<AppName, string | undefined> = {
  'webhook-handler': 'WEBHOOK_PORT',
  'api-rest': 'API_PORT',
  worker: undefined,
};
const COMPONENT: Record<AppName, string> = {
  'webhook-handler': 'webhook',
  'api-rest': 'api',
  worker: 'worker',
};

export interface StartedApp {
  process: AppProcess;
  /** `http://127.0.0.1:<port>` for HTTP apps; empty for the worker. */
  baseUrl: string;
}

/**
 * Starts an app from its built entry on a free port, with COMPONENT_TYPE, HOST and LOG_LEVEL set
 * and `env` on top. It does not wait for readiness: tests decide what they wait for.
 */
export async function startApp(app: AppName, env: Record<string, string>): Promise<StartedApp> {
  const portVariable = PORT_VARIABLE[app];
  const port = portVariable === undefined ? undefined : await freePort();
  const full: Record<string, string> = {
    COMPONENT_TYPE: COMPONENT[app],
    HOST: '127.0.0.1',
    LOG_LEVEL: 'debug',
    ...env,
  };
  if (portVariable !== undefined && port !== undefined) full[portVariable] = String(port);
  return {
    process: new AppProcess(appEntry(app), full),
    baseUrl: port === undefined ? '' : `http://127.0.0.1:${port}`,
  };
}
