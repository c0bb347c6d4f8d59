import { ArgumentMetadata, ValidationPipe } from '@nestjs/common';
import { ArrayMaxSize, IsArray, IsObject, IsOptional, IsString } from 'class-validator';
import { edgeTransformer, ShallowBody } from './edge-transformer';

@ShallowBody()
class Batch {
  @IsOptional()
  @IsString()
  name?: string;

  @IsArray()
  @ArrayMaxSize(3)
  @IsObject({ each: true })
  items: object[];
}

class Deep {
  @IsArray()
  items: object[];
}

const pipe = new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, transformerPackage: edgeTransformer });
const body = (metatype: ArgumentMetadata['metatype']): ArgumentMetadata => ({ type: 'body', metatype });

describe('the edge transformer', () => {
  it('builds a ShallowBody class from its top-level fields, its items taken as parsed', async () => {
    const items = [{ to: '+14155550123', nested: { deep: true } }];
    const built = (await pipe.transform({ name: 'x', items }, body(Batch))) as Batch;
    expect(built).toBeInstanceOf(Batch);
    expect(built.items).toBe(items);
  });

  it("keeps a ShallowBody class's rules and whitelist", async () => {
    await expect(pipe.transform({ items: [{}, {}, {}, {}] }, body(Batch))).rejects.toThrow();
    await expect(pipe.transform({ items: ['not an object'] }, body(Batch))).rejects.toThrow();
    await expect(pipe.transform({ items: [], extra: 1 }, body(Batch))).rejects.toThrow();
  });

  it('copies any other class deeply, as class-transformer does', async () => {
    const items = [{ to: '+14155550123' }];
    const built = (await pipe.transform({ items }, body(Deep))) as Deep;
    expect(built).toBeInstanceOf(Deep);
    expect(built.items).not.toBe(items);
    expect(built.items).toEqual(items);
  });
});
