import { logTransport } from '../../../sample-app/src/config/log-transport';
import { readSampleConfig, sampleTaskerOptions } from '../../../sample-app/src/config/sample-config';
import { SampleConfigError } from '../../../sample-app/src/config/sample-config.error';

describe('readSampleConfig', () => {
  it('defaults: port 3000, embedded database in .tasker-data, worker and HTTP on', () => {
    expect(readSampleConfig({})).toEqual({
      port: 3000,
      databaseUrl: undefined,
      dataDir: '.tasker-data',
      worker: true,
      http: true,
      logLevel: 'info',
      servicesPort: 0,
    });
  });

  it('reads every variable; TASKER_DATA_DIR=memory keeps the database in memory', () => {
    const config = readSampleConfig({
      PORT: '8080',
      DATABASE_URL: 'postgres://db/x',
      TASKER_DATA_DIR: 'memory',
      TASKER_WORKER: '0',
      TASKER_HTTP: '0',
      LOG_LEVEL: 'debug',
      ONBOARDING_SERVICES_PORT: '4100',
    });
    expect(config).toEqual({
      port: 8080,
      databaseUrl: 'postgres://db/x',
      dataDir: undefined,
      worker: false,
      http: false,
      logLevel: 'debug',
      servicesPort: 4100,
    });
  });

  it('names every bad variable', () => {
    let thrown: unknown;
    try {
      readSampleConfig({ PORT: 'eighty', TASKER_WORKER: 'yes', ONBOARDING_SERVICES_PORT: '70000' });
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(SampleConfigError);
    expect((thrown as SampleConfigError).problems).toEqual([
      'PORT must be a port number 0-65535 (got "eighty")',
      'ONBOARDING_SERVICES_PORT must be a port number 0-65535 (got "70000")',
      'TASKER_WORKER must be 0 or 1 (got "yes")',
    ]);
  });

  it('maps to Tasker options: PostgreSQL or the data dir, the worker off for TASKER_WORKER=0', () => {
    const embedded = sampleTaskerOptions(readSampleConfig({ TASKER_WORKER: '0' }), ['t']);
    expect([embedded.database, embedded.worker, embedded.templates]).toEqual([
      { dataDir: '.tasker-data' },
      { enabled: false, autoStart: false },
      ['t'],
    ]);
    expect(sampleTaskerOptions(readSampleConfig({ DATABASE_URL: 'postgres://db/x' }), []).database).toEqual({
      url: 'postgres://db/x',
    });
  });
});

describe('logTransport', () => {
  it('pretty (pino-pretty, resolved to its path) on a terminal, JSON otherwise', () => {
    expect(logTransport(true)).toEqual({
      target: require.resolve('pino-pretty'),
      options: { singleLine: true, colorize: true },
    });
    expect(logTransport(false)).toBeUndefined();
  });
});
