/**
 * The collation of every code column (事業番号, 部局・課・係コード, 施策体系コード, 団体コード):
 * ICU with numeric ordering (`und-u-kn-true`, created by the NaturalCodeOrder migration), so
 * `ORDER BY code` sorts 8, 9, 11, 1018 and 「1-2-3」 before 「1-10-1」, the same order as
 * `compareCodes` of `@hyoka/domain`, and the indexes on codes serve that order.
 */
export const CODE_COLLATION = 'natural_sort';
