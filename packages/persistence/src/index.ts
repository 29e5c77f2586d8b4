export { createDatabasePool, PostgresDependency, type DatabaseOptions, type Pool } from './database';
