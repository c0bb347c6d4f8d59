import { RecordChunker } from './record-chunker';

function chunksOf(text: string, chunkBytes: number, pieceBytes: number) {
  const chunker = new RecordChunker(chunkBytes);
  const bytes = Buffer.from(text);
  const out: { text: string; firstLine: number }[] = [];
  for (let start = 0; start < bytes.length; start += pieceBytes) {
    for (const chunk of chunker.push(bytes.subarray(start, start + pieceBytes))) out.push({ text: chunk.bytes.toString(), firstLine: chunk.firstLine });
  }
  const last = chunker.end();
  if (last) out.push({ text: last.bytes.toString(), firstLine: last.firstLine });
  return out;
}

describe('RecordChunker', () => {
  it('cuts only after a line feed outside quotes, and numbers each chunk by its first line', () => {
    const text = 'phone,message\n1,"a\nb"\n2,"say ""hi"""\n3,x\n4,ü\n';
    for (const pieceBytes of [1, 3, 7, 100]) {
      const chunks = chunksOf(text, 8, pieceBytes);
      expect(chunks.map((chunk) => chunk.text).join('')).toBe(text);
      expect(chunks.map((chunk) => chunk.text)).toEqual(['phone,message\n', '1,"a\nb"\n', '2,"say ""hi"""\n', '3,x\n4,ü\n']);
      expect(chunks.map((chunk) => chunk.firstLine)).toEqual([1, 2, 4, 5]);
    }
  });

  it('hands over a last record without a line end at the end of the stream', () => {
    expect(chunksOf('phone\n1\n2', 1_000, 4)).toEqual([{ text: 'phone\n1\n2', firstLine: 1 }]);
  });
});
