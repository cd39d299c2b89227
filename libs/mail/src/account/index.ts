export * from './account-locked';
