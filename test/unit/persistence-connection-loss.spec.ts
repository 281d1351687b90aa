import { isConnectionLoss } from '../../lib/persistence/connection-loss';

function failure(code: string | undefined, message = 'boom'): Error {
  return Object.assign(new Error(message), code === undefined ? {} : { code });
}

describe('isConnectionLoss', () => {
  it.each<[string, unknown]>([
    ['a terminated backend (57P01)', failure('57P01', 'terminating connection due to administrator command')],
    ['a crashed server (57P02)', failure('57P02')],
    ['a server starting or stopping (57P03)', failure('57P03', 'the database system is shutting down')],
    ['a connection exception (class 08)', failure('08006')],
    ['a reset socket', failure('ECONNRESET', 'read ECONNRESET')],
    ['a socket closed under a query', failure(undefined, 'Connection terminated unexpectedly')],
    [
      'a client handed out after its connection failed',
      failure(undefined, 'Client has encountered a connection error and is not queryable'),
    ],
    ['one address of several reset', new AggregateError([failure('ECONNRESET')], 'connect')],
  ])('should count %s', (_, error) => {
    expect(isConnectionLoss(error)).toBe(true);
  });

  it.each<[string, unknown]>([
    ['a unique violation', failure('23505', 'duplicate key value violates unique constraint')],
    ['a syntax error', failure('42601')],
    [
      'a statement timeout (57014, same class as 57P01)',
      failure('57014', 'canceling statement due to statement timeout'),
    ],
    ['a plain error', new Error('Connection refused by policy')],
  ])('should not count %s', (_, error) => {
    expect(isConnectionLoss(error)).toBe(false);
  });
});
