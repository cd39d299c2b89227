import { WiringCheckEntity } from './wiring-check.entity';

export { WiringCheckEntity, type WiringCheckStatus } from './wiring-check.entity';

/** Every entity, listed explicitly so the same list works from sources, dist and tests. */
export const entities = [WiringCheckEntity];
