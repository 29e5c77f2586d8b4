/** The three apps the move handles, with what the move needs to know about each. */
export interface MoveApp {
  /** The app's folder under apps/, the name of its task and service definition files. */
  readonly name: 'webhook-handler' | 'api-rest' | 'worker';
  /** Its entry in pm2/ecosystem.config.js. */
  readonly pm2Name: string;
  /** The port PM2 listens on (the target registered in the ALB target group); none for the worker. */
  readonly port?: number;
  /** The environment variable holding the public URL that reaches the app through the ALB. */
  readonly urlVariable?: string;
}

export const MOVE_APPS: readonly MoveApp[] = [
  { name: 'webhook-handler', pm2Name: 'kodus-webhook', port: 3332, urlVariable: 'KODUS_WEBHOOK_URL' },
  { name: 'api-rest', pm2Name: 'kodus-api', port: 3331, urlVariable: 'KODUS_API_URL' },
  { name: 'worker', pm2Name: 'kodus-worker' },
];

export function findApp(name: string): MoveApp | undefined {
  return MOVE_APPS.find((app) => app.name === name);
}
