import { InitialSchema1795824000000 } from './1795824000000-initial-schema.js';

/** Every migration, oldest first. Listed explicitly so the built app and the tests run the same set. */
export const MIGRATIONS = [InitialSchema1795824000000];
