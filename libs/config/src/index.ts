export * from './config';
export * from './logger';
export * from './clock';
export * from './runtime';
export * from './connections';
