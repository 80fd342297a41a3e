/**
 * The only way the builder talks to a server: POST /graphql with the bearer token saved in this
 * browser. A server that is down, or a static host without /graphql, becomes ApiUnreachableError
 * so views can say so plainly instead of showing a stack trace.
 */
import { reportConnection, reportUnauthenticated } from './connection';

const TOKEN_KEY = 'rebaz.token';
export const GRAPHQL_PATH = '/graphql';

export class ApiUnreachableError extends Error {
  constructor(cause: string) {
    super(`The server is unreachable at ${GRAPHQL_PATH}: ${cause}`);
    this.name = 'ApiUnreachableError';
  }
}

/** One invalid field of a VALIDATION error: `path` is the form field's key (dotted inside groups). */
export interface FieldError {
  path: string;
  message: string;
}

/** The server answered, with GraphQL errors. */
export class ApiError extends Error {
  constructor(
    readonly messages: string[],
    readonly codes: string[],
    readonly fields: FieldError[] = [],
  ) {
    super(messages.join('; ') || 'Unknown GraphQL error');
    this.name = 'ApiError';
  }

  has(code: string): boolean {
    return this.codes.includes(code);
  }
}

export function getToken(): string | null {
  return localStorage.getItem(TOKEN_KEY);
}

const tokenListeners = new Set<(token: string | null) => void>();

export function setToken(token: string): void {
  if (token) localStorage.setItem(TOKEN_KEY, token);
  else localStorage.removeItem(TOKEN_KEY);
  for (const listener of tokenListeners) listener(token || null);
}

/** Called whenever the saved token changes (sign-in, sign-out, a token pasted in Services). */
export function onTokenChange(listener: (token: string | null) => void): () => void {
  tokenListeners.add(listener);
  return () => tokenListeners.delete(listener);
}

interface GraphQLResponse<T> {
  data?: T | null;
  errors?: Array<{ message: string; extensions?: { code?: string; fields?: FieldError[] } }>;
}

export async function graphqlRequest<T>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
  const token = getToken();
  let response: Response;
  try {
    response = await fetch(GRAPHQL_PATH, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        accept: 'application/graphql-response+json, application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
      },
      body: JSON.stringify({ query, variables }),
    });
  } catch (error) {
    reportConnection('lost');
    throw new ApiUnreachableError(error instanceof Error ? error.message : String(error));
  }
  const body = await readBody<T>(response);
  reportConnection('online');
  if (response.status === 401 && token) reportUnauthenticated();
  if (body.errors?.length) {
    throw new ApiError(
      body.errors.map((e) => e.message),
      body.errors.map((e) => e.extensions?.code ?? ''),
      body.errors.flatMap((e) => e.extensions?.fields ?? []),
    );
  }
  if (!body.data) throw new ApiError([`Empty response (HTTP ${response.status})`], []);
  return body.data;
}

async function readBody<T>(response: Response): Promise<GraphQLResponse<T>> {
  const type = response.headers.get('content-type') ?? '';
  if (!type.includes('json')) throw new ApiUnreachableError(`HTTP ${response.status}, not a GraphQL endpoint`);
  try {
    return (await response.json()) as GraphQLResponse<T>;
  } catch {
    throw new ApiUnreachableError(`HTTP ${response.status}, unreadable JSON`);
  }
}
