/** Where a PostgreSQL connection string points. */
export interface DatabaseTarget {
  host: string;
  port: number;
  database: string;
  user: string | undefined;
}

/** A connection string read for error messages: where it points, or why it is not one. */
export type ReadDatabaseUrl = { target: DatabaseTarget } | { problem: string };

const SCHEMES = new Set(['postgres:', 'postgresql:']);
const DEFAULT_PORT = 5432;

/**
 * Reads `database.url` the way the driver will use it, enough to say where it points. A string
 * the driver would misread is refused here: `not-a-url` is taken by it as database "not-a-url" on
 * host "base" and fails later with a puzzling `getaddrinfo ENOTFOUND base`. Unix-socket forms
 * (`socket:` URLs and `/path dbname`) are accepted as they are.
 */
export function readDatabaseUrl(url: string): ReadDatabaseUrl {
  if (url.startsWith('/')) {
    // split() yields at least one part, so `host` never falls back to the whole string.
    const [host = url, database = ''] = url.split(' ');
    return { target: { host, port: DEFAULT_PORT, database, user: undefined } };
  }
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return { problem: 'it cannot be parsed as a URL' };
  }
  if (parsed.protocol === 'socket:') {
    const database = parsed.searchParams.get('db') ?? '';
    return {
      target: {
        host: decode(parsed.pathname),
        port: DEFAULT_PORT,
        database,
        user: decode(parsed.username) || undefined,
      },
    };
  }
  if (!SCHEMES.has(parsed.protocol))
    return { problem: `its scheme is "${parsed.protocol}", not postgres: or postgresql:` };
  const user = decode(parsed.username) || undefined;
  const portText = parsed.searchParams.get('port') ?? parsed.port;
  const port = portText === '' ? DEFAULT_PORT : Number(portText);
  if (!Number.isInteger(port) || port < 1 || port > 65_535)
    return { problem: `its port "${portText}" is not a port number` };
  return {
    target: {
      host: decode(parsed.hostname) || parsed.searchParams.get('host') || 'localhost',
      port,
      database: decode(parsed.pathname.slice(1)) || user || '',
      user,
    },
  };
}

/** `host:port/database`, as the driver tries it. */
export function formatTarget(target: DatabaseTarget): string {
  return `${target.host}:${target.port}/${target.database}`;
}

/** The URL with its password (in the authority or a `password` parameter) replaced by `***`. */
export function redactDatabaseUrl(url: string): string {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return url.replace(/\/\/([^/:@]*):[^@/]*@/, '//$1:***@');
  }
  if (parsed.password !== '') parsed.password = '***';
  if (parsed.searchParams.has('password')) parsed.searchParams.set('password', '***');
  return parsed.toString();
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}
