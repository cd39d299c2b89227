// The pipeline's rules: plain TypeScript without framework imports, shared by the workflows
// (import this folder, not the package index: the workflow bundle stays small), activities,
// the API and the web app.
export * from './types';
export * from './rules';
export * from './access';
export * from './limits';
export * from './decision';
