const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * Whether a value is a UUID: checked before a path, body or template value reaches a `uuid`
 * column (PostgreSQL would refuse it with an error instead of finding nothing).
 */
export const isUuid = (value: string): boolean => UUID.test(value);
