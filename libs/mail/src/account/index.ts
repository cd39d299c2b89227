export * from './account-locked';
export * from './account-link';
