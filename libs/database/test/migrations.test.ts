import { DataSource } from 'typeorm';
import { PostgresConnectionOptions } from 'typeorm/driver/postgres/PostgresConnectionOptions';
import { databaseIsUp, RoundTripCountingClient, runMigrations, serviceSchema } from '@zagel/database';
import { createTestNamespace, dropNamespaceSchemas } from '@zagel/testing';
import { TEST_SERVICE, widgetDataSource } from './fixtures/test-database';
import { Widget } from './fixtures/widget.entity';

describe('service data source and migrations', () => {
  const test = createTestNamespace();
  const schema = `${test.name}_widget_shop`;
  const opened: DataSource[] = [];

  function open(): DataSource {
    const dataSource = widgetDataSource(test);
    opened.push(dataSource);
    return dataSource;
  }

  afterAll(async () => {
    await Promise.all(opened.filter((ds) => ds.isInitialized).map((ds) => ds.destroy()));
    await dropNamespaceSchemas(test);
  });

  it('binds the data source to the namespaced schema and never synchronizes', () => {
    const options = open().options as PostgresConnectionOptions;
    expect(serviceSchema(TEST_SERVICE, test.settings)).toBe(schema);
    expect(options.schema).toBe(schema);
    expect(options.synchronize).toBe(false);
    expect(options.migrationsRun).toBe(false);
    expect(options.poolSize).toBe(test.settings.DATABASE_POOL_SIZE);
    expect(options.extra).toEqual({ options: `-c search_path=${schema}`, Client: RoundTripCountingClient });
  });

  it('two replicas migrating at once: one runs the migrations, the other finds nothing to do', async () => {
    const [first, second] = [open(), open()];
    const synchronize = jest.spyOn(DataSource.prototype, 'synchronize');
    const ran = await Promise.all([runMigrations(first), runMigrations(second)]);

    expect(ran.map((migrations) => migrations.length).sort()).toEqual([0, 3]);
    expect(synchronize).not.toHaveBeenCalled();
    synchronize.mockRestore();

    const tables: { table_name: string }[] = await first.query(
      `SELECT table_name FROM information_schema.tables WHERE table_schema = $1 ORDER BY table_name`,
      [schema],
    );
    expect(tables.map((row) => row.table_name)).toEqual(['inbox', 'migrations', 'outbox', 'widget']);
    const applied: { name: string }[] = await first.query(`SELECT name FROM migrations ORDER BY id`);
    expect(applied.map((row) => row.name)).toEqual([
      'CreateOutboxAndInbox1732000000000',
      'CreateWidget1732000000001',
      'OutboxPublishAfterCommit1765000000000',
    ]);
    // Published after commit by the writing process: no NOTIFY trigger, and the sweeper's index.
    const triggers = await first.query(`SELECT tgname FROM pg_trigger WHERE tgrelid = $1::regclass AND NOT tgisinternal`, [
      `"${schema}".outbox`,
    ]);
    expect(triggers).toEqual([]);
    const indexes: { indexname: string }[] = await first.query(
      `SELECT indexname FROM pg_indexes WHERE schemaname = $1 AND tablename = 'outbox' ORDER BY indexname`,
      [schema],
    );
    expect(indexes.map((row) => row.indexname)).toEqual(['outbox_pkey', 'outbox_unpublished_created_at']);
  });

  it('every connection uses the schema unqualified, and running again changes nothing', async () => {
    const dataSource = open();
    expect(await runMigrations(dataSource)).toEqual([]);
    const [{ search_path }] = await dataSource.query('SHOW search_path');
    expect(search_path).toBe(schema);

    await dataSource.getRepository(Widget).save({ id: '01900000-0000-7000-8000-000000000001', name: 'gear' });
    const [{ count }] = await dataSource.query(`SELECT count(*)::int AS count FROM "${schema}".widget`);
    expect(count).toBe(1);
    expect(await databaseIsUp(dataSource)).toBe(true);
  });

  it('reports a data source that is not open as down', async () => {
    expect(await databaseIsUp(open())).toBe(false);
  });
});
