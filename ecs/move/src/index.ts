export { findApp, MOVE_APPS, type MoveApp } from './apps';
export { readDefinitions, type AppDefinitions } from './definitions';
export { move, planFor } from './move';
export { parseMoveArgs, PHASES, USAGE, UsageError, type MoveOptions, type Phase } from './options';
export { runPlan, type MoveContext, type Step } from './plan';
export { parseJlist, Pm2Cli, type Pm2AppState, type Pm2Control } from './pm2';
