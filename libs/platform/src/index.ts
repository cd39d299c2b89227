export * from './child-process';
export * from './embedded-postgres';
export * from './infrastructure';
export * from './ports';
export * from './smtp-sink';
export * from './temporal-cli';
export * from './temporal-dev-server';
export * from './chromium';
