export { AppProcess, type AppExit } from './app-process';
export { createTestDatabase, TEST_POSTGRES_URL, type TestDatabase } from './database';
export { freePort } from './ports';
export { PrivateRedis, uniquePrefix } from './redis-server';
export { httpStatus, waitFor, waitForStatus, withTimeout } from './wait-for';
export { appEntry, REPO_ROOT, testSecrets, type AppName } from './kodus-env';
export { startApp, type StartedApp } from './start-app';
export * from './github-stand-in';
export * from './llm-stand-in';
