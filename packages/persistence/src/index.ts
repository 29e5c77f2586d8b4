export { createDatabasePool, PostgresDependency, type DatabaseOptions, type Pool } from './database';
export { ensureDatabaseExists } from './ensure-database';
