import { Injectable, Module } from '@nestjs/common';
import { Test } from '@nestjs/testing';
import { InjectRepository, TypeOrmModule } from '@nestjs/typeorm';
import { v7 as uuidv7 } from 'uuid';
import { DataSource, Repository } from 'typeorm';
import { DatabaseModule, Outbox, OutboxRelay, platformMigrations } from '@zagel/database';
import { createTestNamespace, dropNamespaceSchemas } from '@zagel/testing';
import { CreateWidget1732000000001 } from './fixtures/1732000000001-create-widget';
import { RecordingPublisher } from './fixtures/recording-publisher';
import { TEST_SERVICE, waitFor } from './fixtures/test-database';
import { Widget } from './fixtures/widget.entity';
import { WidgetMade } from './fixtures/widget-events';

const PUBLISHER = Symbol('publisher');

@Injectable()
class MakeWidget {
  constructor(
    @InjectRepository(Widget) private readonly widgets: Repository<Widget>,
    private readonly dataSource: DataSource,
  ) {}

  execute(name: string): Promise<string> {
    return this.dataSource.transaction(async (manager) => {
      await manager.getRepository(Widget).insert({ id: uuidv7(), name });
      return (await Outbox.add(manager, WidgetMade, { name, n: 1 })).messageId;
    });
  }

  count(): Promise<number> {
    return this.widgets.count();
  }
}

@Module({ imports: [TypeOrmModule.forFeature([Widget])], providers: [MakeWidget] })
class WidgetModule {}

describe('DatabaseModule.forService', () => {
  const test = createTestNamespace();

  afterAll(async () => {
    await dropNamespaceSchemas(test);
  });

  it('migrates, injects repositories, relays the outbox and shuts down cleanly', async () => {
    const publisher = new RecordingPublisher();

    @Module({ providers: [{ provide: PUBLISHER, useValue: publisher }], exports: [PUBLISHER] })
    class PublisherModule {}

    const moduleRef = await Test.createTestingModule({
      imports: [
        DatabaseModule.forService({
          service: TEST_SERVICE,
          config: test.settings,
          entities: [],
          migrations: [...platformMigrations, CreateWidget1732000000001],
          outboxPublisher: PUBLISHER,
          imports: [PublisherModule],
        }),
        WidgetModule,
      ],
    }).compile();
    const app = await moduleRef.init();
    const dataSource = app.get(DataSource);

    const [{ count: migrations }] = await dataSource.query(`SELECT count(*)::int AS count FROM migrations`);
    expect(migrations).toBe(3);
    const makeWidget = app.get(MakeWidget);
    const id = await makeWidget.execute('nest');
    expect(await makeWidget.count()).toBe(1);
    await waitFor(() => publisher.received.length === 1);
    expect(publisher.ids()).toEqual([id]);
    expect(app.get(OutboxRelay)).toBeInstanceOf(OutboxRelay);

    await app.close();
    expect(dataSource.isInitialized).toBe(false);
  });
});
