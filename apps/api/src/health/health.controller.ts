import { Controller, Get, HttpStatus, Res } from '@nestjs/common';
import type { Response } from 'express';
import { Responds } from '../openapi/responds';
import {
  healthReportSchema,
  livenessSchema,
  readinessSchema,
  type HealthReport,
  type Liveness,
  type Readiness,
} from './health.schemas';
import { HealthService } from './health.service';
import { Summary } from '../openapi/summary';

/**
 * For people and monitoring (`/health`: every dependency), and for load balancers and
 * orchestrators: `/health/live` (the process answers; restart it when this fails) and
 * `/health/ready` (the database and Temporal answer; send it requests while this is 200).
 */
@Controller('health')
export class HealthController {
  constructor(private readonly health: HealthService) {}

  /**
   * 200 when the database and Temporal answer (`ok`, or `degraded` naming mail when the SMTP
   * server does not answer or mails have failed or are stuck in the outbox); 503 naming the
   * dependencies that do not answer when the database or Temporal is one of them.
   */
  @Summary('稼働状況を確認する', 'Check the health of the API and every dependency')
  @Get()
  @Responds(healthReportSchema, { status: 200, description: 'ok or degraded' })
  @Responds(healthReportSchema, {
    status: 503,
    description: 'unavailable: the database or Temporal does not answer; `down` names what',
  })
  async get(@Res({ passthrough: true }) res: Response): Promise<HealthReport> {
    const report = await this.health.check();
    res.status(report.status === 'unavailable' ? HttpStatus.SERVICE_UNAVAILABLE : HttpStatus.OK);
    res.setHeader('Cache-Control', 'no-store');
    return report;
  }

  /** Liveness: 200 whenever the process answers HTTP; asks no dependency. */
  @Summary('プロセスの生存を確認する', 'Check that the process answers (liveness)')
  @Get('live')
  @Responds(livenessSchema, { status: 200, description: 'the process answers' })
  live(@Res({ passthrough: true }) res: Response): Liveness {
    res.setHeader('Cache-Control', 'no-store');
    return { status: 'live' };
  }

  /** Readiness: 200 when the database and Temporal answer, 503 naming which does not. */
  @Summary(
    'リクエストを受け付けられるか確認する',
    'Check that the database and Temporal answer (readiness)',
  )
  @Get('ready')
  @Responds(readinessSchema, { status: 200, description: 'ready: send requests' })
  @Responds(readinessSchema, {
    status: 503,
    description: 'unready: the database or Temporal does not answer (`down` names which)',
  })
  async ready(@Res({ passthrough: true }) res: Response): Promise<Readiness> {
    const readiness = await this.health.ready();
    res.status(readiness.status === 'ready' ? HttpStatus.OK : HttpStatus.SERVICE_UNAVAILABLE);
    res.setHeader('Cache-Control', 'no-store');
    return readiness;
  }
}
