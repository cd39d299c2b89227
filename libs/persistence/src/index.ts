export * from './data-source';
export * from './entities';
export { migrations } from './migrations';
export * from './repositories';
export { isDatabaseUnavailable } from './unavailable';
export * from './archive';
export * from './change-feed';
export * from './fresh-read';
