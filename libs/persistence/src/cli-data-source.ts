/**
 * Data source for the TypeORM CLI (`npm run migration:generate -- <Name>`): reads DATABASE_URL.
 */
import { createDataSource } from './data-source';

const url = process.env['DATABASE_URL'];
if (!url) throw new Error('DATABASE_URL: set it to the database to compare the entities with');

export default createDataSource({ url });
