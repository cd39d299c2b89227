import { Foundation1763800000000 } from './1763800000000-Foundation';

/** Every migration, in order. New ones are generated from the entities (see README). */
export const migrations = [Foundation1763800000000];
