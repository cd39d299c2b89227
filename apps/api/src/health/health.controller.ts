import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Responds } from '../openapi/responds';
import { healthReportSchema, type HealthReport } from './health.schemas';
import { HealthService } from './health.service';

@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /**
   * 200 when database, Temporal and mail all answer (`ok`, or `degraded` naming mail when mails
   * have failed or are stuck in the outbox); 503 naming the dependencies that do not answer.
   */
  @Get()
  @Responds(healthReportSchema, { status: 200, description: 'ok or degraded' })
  @Responds(healthReportSchema, { status: 503, description: 'unavailable: `down` names what' })
  async get(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.check();
    res.status(report.status === 'unavailable' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
    res.setHeader('Cache-Control', 'no-store');
    return report;
  }
}
