export * from './policy';
export * from './rules';
export * from './templates';
export * from './cycle-opened';
export * from './programme-groups';
