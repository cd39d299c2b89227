/** The outbox and the people mails go to live in @hyoka/persistence (OutboxRepository, TaskRepository). */
export {
  insertOutbox,
  messageIdFor,
  type MailUser,
  type OutboxMail,
  type OutboxRow,
} from '@hyoka/persistence';
