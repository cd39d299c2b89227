import { Controller, Get, Logger, Res } from '@nestjs/common';
import type { Response } from 'express';
import { ArchiveRepository, exportGovernment } from '@hyoka/persistence';
import { CurrentAuth, type AuthContext } from '../auth/auth-context';
import { Roles } from '../auth/decorators';
import { notFound } from '../admin/admin-errors';
import { csvRecords } from '../common/csv';
import { RespondsWithFile } from '../openapi/responds';
import { Summary } from '../openapi/summary';

/** The whole government as one archive (README: "Export and import of a government"). */
@Controller('admin')
@Roles('administrator')
export class ArchiveController {
  private readonly log = new Logger('archive');
  constructor(private readonly archives: ArchiveRepository) {}

  /**
   * Streams the administrator's own government as a .tar.gz. The rows are gathered first (a
   * refusal or an outage is answered as an error), then the archive is sent without a length.
   */
  @Summary('自治体のデータをすべて書き出す', 'Export the whole government as an archive')
  @Get('archive')
  @RespondsWithFile('application/gzip')
  async export(@CurrentAuth() auth: AuthContext, @Res() res: Response): Promise<void> {
    const code = await this.archives.governmentCodeOf(auth.governmentId);
    if (code === undefined) throw notFound('自治体が見つかりません', 'No such government');
    res.status(200);
    res.setHeader('Content-Type', 'application/gzip');
    res.setHeader(
      'Content-Disposition',
      `attachment; filename="hyoka-${code.replace(/[^0-9A-Za-z_-]/g, '_')}.tar.gz"`,
    );
    res.setHeader('Cache-Control', 'no-store');
    try {
      await exportGovernment(this.archives, code, res, { csvRecords });
    } catch (error) {
      if (!res.headersSent) throw error;
      // Bytes went out: a cut connection, never an archive that looks complete.
      this.log.error({ err: error }, 'archive export failed');
      res.destroy();
    }
  }
}
