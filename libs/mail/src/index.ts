export * from './mailer';
export * from './reminders';
export * from './account';
