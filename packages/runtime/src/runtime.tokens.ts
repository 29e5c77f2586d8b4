/** Injection token for the process's pino logger, available to every app module. */
export const LOGGER = Symbol('kodus.logger');
/** Injection token for the app's parsed configuration (`@kodus/config`). */
export const CONFIG = Symbol('kodus.config');
