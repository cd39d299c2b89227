/**
 * The seam for single sign-on (OIDC) later. A provider proves who someone is; the API then finds
 * the local account (by government and email or subject) and opens a session exactly as a
 * password sign-in does (`SessionService.open`). No implementation yet.
 */
export interface ExternalIdentity {
  /** Stable id at the provider (`sub`). */
  readonly subject: string;
  readonly email: string;
  readonly governmentCode: string;
}

export interface IdentityProvider {
  /** e.g. 'oidc:example-idp'. */
  readonly id: string;
  /** Where to send the browser, with the state / nonce the callback must return. */
  authorizationUrl(state: string, nonce: string): Promise<URL>;
  /** Exchanges the callback's parameters for a verified identity, or throws. */
  complete(
    callback: URLSearchParams,
    expected: { state: string; nonce: string },
  ): Promise<ExternalIdentity>;
}
