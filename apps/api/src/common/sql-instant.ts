/** Moved to the persistence layer with the statements that use it. */
export { isoInstant } from '@hyoka/persistence';
