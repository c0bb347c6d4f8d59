import { Test } from '@nestjs/testing';
import { DataSource } from 'typeorm';
import {
  awaitMigrated,
  DatabaseModule,
  expectMigrated,
  pendingMigrations,
  platformMigrations,
  runMigrations,
  SchemaBehindError,
} from '@zagel/database';
import { createTestNamespace, dropNamespaceSchemas, until } from '@zagel/testing';
import { CreateWidget1732000000001 } from './fixtures/1732000000001-create-widget';
import { TEST_SERVICE, widgetDataSource } from './fixtures/test-database';

const ALL = ['CreateOutboxAndInbox1732000000000', 'CreateWidget1732000000001', 'OutboxPublishAfterCommit1765000000000'];

/** MIGRATE_ON_START=false: a migrations Job applies the schema, the services only check (or wait for) it. */
describe('a service that does not migrate at start', () => {
  const test = createTestNamespace();
  const opened: DataSource[] = [];
  const open = () => {
    const dataSource = widgetDataSource(test);
    opened.push(dataSource);
    return dataSource;
  };
  const bootWithoutMigrating = () =>
    Test.createTestingModule({
      imports: [
        DatabaseModule.forService({
          service: TEST_SERVICE,
          config: test.settings,
          entities: [],
          migrations: [...platformMigrations, CreateWidget1732000000001],
          migrate: false,
        }),
      ],
    })
      .compile()
      .then((moduleRef) => moduleRef.init());

  afterAll(async () => {
    await Promise.all(opened.filter((ds) => ds.isInitialized).map((ds) => ds.destroy()));
    await dropNamespaceSchemas(test);
  });

  it('refuses to start on a schema behind its code, naming what is missing, and creates nothing', async () => {
    const refused = await bootWithoutMigrating().then(
      () => undefined,
      (error: unknown) => error,
    );
    expect(refused).toBeInstanceOf(SchemaBehindError);
    expect((refused as SchemaBehindError).pending.sort()).toEqual(ALL);
    const probe = open();
    expect(await pendingMigrations(probe)).toEqual(expect.arrayContaining(ALL));
    const [{ schemas }] = await probe.query('SELECT count(*)::int AS schemas FROM information_schema.schemata WHERE schema_name = $1', [
      `${test.name}_widget_shop`,
    ]);
    expect(schemas).toBe(0);
  });

  it('an init container waiting for the schema goes on once the Job has migrated, and the service then starts', async () => {
    const waiting: string[][] = [];
    const waiter = awaitMigrated(open(), { intervalMs: 20, onWait: (pending) => waiting.push(pending) });
    let done = false;
    void waiter.then(() => (done = true));
    await until(() => waiting.length > 0, { what: 'the waiter to find the schema behind', deadline: 10_000, interval: 5 });
    const job = open();
    await expect(expectMigrated(job)).rejects.toBeInstanceOf(SchemaBehindError);
    expect(done).toBe(false);

    expect((await runMigrations(job)).map((migration) => migration.name).sort()).toEqual(ALL);
    await waiter;
    expect(waiting[0].sort()).toEqual(ALL);
    await expect(expectMigrated(job)).resolves.toBeUndefined();

    const app = await bootWithoutMigrating();
    const [{ count }] = await app.get(DataSource).query('SELECT count(*)::int AS count FROM migrations');
    expect(count).toBe(ALL.length);
    await app.close();
  });
});
