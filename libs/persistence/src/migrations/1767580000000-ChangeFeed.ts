import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * What lets an API process keep answers in memory and still be right when another process (an
 * API process, a worker) changes the data behind them:
 *
 * - `portal_version`: one counter per government, raised at commit of every change a public page
 *   shows (a publication, a programme, the government, a cycle moved to another programme, a
 *   project's lineage). A cached portal page is keyed by it, so a page read after a change is
 *   never the old one, in any process. The publication trigger is deferred to commit, so the
 *   counter's row lock is held only for the commit, not for the publishing transaction.
 * - `hyoka_change` notifications (`user:<id>`) when a session, a person or a person's roles
 *   change: the API's session cache forgets that person's sessions (ChangeFeed).
 */
export class ChangeFeed1767580000000 implements MigrationInterface {
  name = 'ChangeFeed1767580000000';

  public async up(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`CREATE TABLE "portal_version" (
      "government_id" uuid NOT NULL,
      "version" bigint NOT NULL DEFAULT 1,
      CONSTRAINT "PK_portal_version" PRIMARY KEY ("government_id"),
      CONSTRAINT "FK_portal_version_government" FOREIGN KEY ("government_id") REFERENCES "government"("id") ON DELETE CASCADE)`);
    await q(`CREATE FUNCTION hyoka_raise_portal_version(gov uuid) RETURNS void LANGUAGE sql AS $$
      INSERT INTO portal_version (government_id) SELECT id FROM government WHERE id = gov
      ON CONFLICT (government_id) DO UPDATE SET version = portal_version.version + 1 $$`);
    await q(`CREATE FUNCTION hyoka_portal_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN PERFORM hyoka_raise_portal_version(OLD.government_id); END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.government_id IS DISTINCT FROM OLD.government_id) THEN
          PERFORM hyoka_raise_portal_version(NEW.government_id);
        END IF;
        RETURN NULL;
      END $$`);
    await q(`CREATE FUNCTION hyoka_government_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN PERFORM hyoka_raise_portal_version(NEW.id); RETURN NULL; END $$`);
    // A publication is raised at commit (deferred): the row lock lasts the commit only.
    await q(`CREATE CONSTRAINT TRIGGER "TR_published_sheet_portal" AFTER INSERT OR UPDATE OR DELETE ON "published_sheet"
      DEFERRABLE INITIALLY DEFERRED FOR EACH ROW EXECUTE FUNCTION hyoka_portal_changed()`);
    await q(`CREATE TRIGGER "TR_programme_portal" AFTER INSERT OR UPDATE OR DELETE ON "programme"
      FOR EACH ROW EXECUTE FUNCTION hyoka_portal_changed()`);
    await q(`CREATE TRIGGER "TR_cycle_portal" AFTER UPDATE OF programme_id ON "cycle"
      FOR EACH ROW EXECUTE FUNCTION hyoka_portal_changed()`);
    await q(`CREATE TRIGGER "TR_government_portal" AFTER UPDATE ON "government"
      FOR EACH ROW EXECUTE FUNCTION hyoka_government_changed()`);
    await q(`CREATE TRIGGER "TR_project_lineage_portal" AFTER INSERT OR UPDATE OR DELETE ON "project_lineage"
      FOR EACH ROW EXECUTE FUNCTION hyoka_portal_changed()`);

    // Sessions: identical payloads in one transaction are delivered once (PostgreSQL folds them).
    // The trigger's argument names the column holding the person's id.
    await q(`CREATE FUNCTION hyoka_user_changed() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          PERFORM pg_notify('hyoka_change', 'user:' || (to_jsonb(OLD) ->> TG_ARGV[0]));
        END IF;
        IF TG_OP <> 'DELETE' THEN
          PERFORM pg_notify('hyoka_change', 'user:' || (to_jsonb(NEW) ->> TG_ARGV[0]));
        END IF;
        RETURN NULL;
      END $$`);
    await q(`CREATE TRIGGER "TR_session_change" AFTER UPDATE OR DELETE ON "session"
      FOR EACH ROW EXECUTE FUNCTION hyoka_user_changed('user_id')`);
    await q(`CREATE TRIGGER "TR_app_user_change" AFTER UPDATE OR DELETE ON "app_user"
      FOR EACH ROW EXECUTE FUNCTION hyoka_user_changed('id')`);
    await q(`CREATE TRIGGER "TR_user_role_change" AFTER INSERT OR UPDATE OR DELETE ON "user_role"
      FOR EACH ROW EXECUTE FUNCTION hyoka_user_changed('user_id')`);
  }

  public async down(queryRunner: QueryRunner): Promise<void> {
    const q = (sql: string) => queryRunner.query(sql);
    await q(`DROP TRIGGER "TR_user_role_change" ON "user_role"`);
    await q(`DROP TRIGGER "TR_app_user_change" ON "app_user"`);
    await q(`DROP TRIGGER "TR_session_change" ON "session"`);
    await q(`DROP FUNCTION hyoka_user_changed()`);
    await q(`DROP TRIGGER "TR_project_lineage_portal" ON "project_lineage"`);
    await q(`DROP TRIGGER "TR_government_portal" ON "government"`);
    await q(`DROP TRIGGER "TR_cycle_portal" ON "cycle"`);
    await q(`DROP TRIGGER "TR_programme_portal" ON "programme"`);
    await q(`DROP TRIGGER "TR_published_sheet_portal" ON "published_sheet"`);
    await q(`DROP FUNCTION hyoka_government_changed()`);
    await q(`DROP FUNCTION hyoka_portal_changed()`);
    await q(`DROP FUNCTION hyoka_raise_portal_version(uuid)`);
    await q(`DROP TABLE "portal_version"`);
  }
}
