import { describe, expect, it } from 'vitest';
import { textDecodingFor } from '../../src/dicom/sr/characterSet';

const bytes = (...b: number[]) => Uint8Array.from(b);

describe('SR text by Specific Character Set (PS3.3 C.12.1.1.2)', () => {
  it('reads UTF-8, Latin-1 (not windows-1252), Cyrillic and the default repertoire', () => {
    expect(textDecodingFor('ISO_IR 192').decode(new TextEncoder().encode('Müller^Zoë=山田'))).toBe(
      'Müller^Zoë=山田',
    );
    // 0x80 is a C1 control in Latin-1, the euro sign in windows-1252.
    expect(textDecodingFor('ISO_IR 100').decode(bytes(0x4d, 0xfc, 0x80))).toBe('M\u00fc\u0080');
    expect(textDecodingFor('ISO_IR 144').decode(bytes(0xb8, 0xd2, 0xd0, 0xdd))).toBe('Иван');
    expect(textDecodingFor('').decode(bytes(0x41, 0x42))).toBe('AB');
    for (const set of ['ISO_IR 192', 'ISO_IR 100', 'ISO_IR 144', ''])
      expect(textDecodingFor(set).unsupported).toBeUndefined();
  });

  it('says when code extensions (ISO 2022 escapes) are not honoured', () => {
    expect(textDecodingFor('\\ISO 2022 IR 87').unsupported).toMatch(/ISO 2022 IR 87/);
    expect(textDecodingFor('ISO 2022 IR 100').unsupported).toMatch(/code extensions/);
  });
});
