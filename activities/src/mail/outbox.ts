export { insertOutbox, messageIdFor, type OutboxMail, type OutboxRow } from '@hyoka/persistence';

/** A person a mail goes to. */
export interface MailUser {
  readonly user_id: string;
  readonly email: string;
  readonly display_name: string;
  readonly locale: 'ja' | 'en';
  readonly mail_preference: 'immediate' | 'digest';
}

/**
 * SQL for the people who act on task `t`: its assignee, else whoever claimed it, else everyone
 * holding the candidate role in the candidate scope. Active users only. Join as
 * `JOIN LATERAL (${TASK_RECIPIENTS}) r ON true`.
 */
export const TASK_RECIPIENTS = `
  SELECT u.id AS user_id, u.email, u.display_name, u.locale, u.mail_preference
    FROM app_user u
   WHERE u.active AND u.government_id = t.government_id AND (
         u.id = t.assignee_user_id
      OR (t.assignee_user_id IS NULL AND u.id = t.claimed_by)
      OR (t.assignee_user_id IS NULL AND t.claimed_by IS NULL AND EXISTS (
            SELECT 1 FROM user_role ur
             WHERE ur.user_id = u.id AND ur.role = t.candidate_role
               AND ur.scope_kind = t.candidate_scope_kind AND ur.scope_id = t.candidate_scope_id)))`;
