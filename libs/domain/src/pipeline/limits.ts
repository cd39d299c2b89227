// Limits of what people write into the pipeline, checked by the workflow, the API's schemas and
// the web app's fields alike.

/** Longest comment (characters) on a submission, approval, send-back, reassignment or thread. */
export const MAX_COMMENT_LENGTH = 4_000;
