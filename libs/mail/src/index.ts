export * from './mailer';
export * from './reminders';
