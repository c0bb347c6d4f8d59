import { createWriteStream } from 'node:fs';
import { once } from 'node:events';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** A CSV file of `rows` distinct valid US numbers, each with a one-segment text, written to disk; answers its path. */
export async function writeCampaignFile(rows: number): Promise<string> {
  const path = join(tmpdir(), `zagel-campaign-bench-${process.pid}-${rows}.csv`);
  const file = createWriteStream(path);
  file.write('phone,message\n');
  for (let index = 0; index < rows; index += 1) {
    const line = `+1415${2_000_000 + index * 7},Your December offer ${index}: 20% off until Sunday.\n`;
    if (!file.write(line)) await once(file, 'drain');
  }
  file.end();
  await once(file, 'finish');
  return path;
}
