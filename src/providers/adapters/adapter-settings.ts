/**
 * What each adapter needs to know beyond the base URL. The credentials
 * themselves (api-key, service-account JSON, AWS keys) stay in Credential.
 */
export type AdapterSettings =
  | {
      kind: 'azure';
      /** The deployment name; absent: the model name is the deployment name. */
      deployment?: string;
      /** A dated api-version ("2024-10-21") for /openai/deployments/…, or "v1" for the /openai/v1 API. */
      apiVersion: string;
    }
  | { kind: 'vertex'; project: string; location: string }
  | { kind: 'bedrock'; region: string };
