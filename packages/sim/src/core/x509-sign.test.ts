import { X509Certificate } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { generateSelfSigned } from '../ingress/tls/self-signed.ts';
import { serialNumber } from './x509-sign.ts';

describe('serialNumber', () => {
  it('is 16 bytes whose DER INTEGER needs no padding byte: positive, first byte never zero', () => {
    for (let i = 0; i < 2000; i++) {
      const hex = serialNumber();
      expect(hex).toMatch(/^[0-9a-f]{32}$/);
      const first = Number.parseInt(hex.slice(0, 2), 16);
      expect(first).toBeGreaterThanOrEqual(0x40);
      expect(first).toBeLessThan(0x80);
    }
  });

  it('gives certificates that OpenSSL parses, with that serial', () => {
    // Before, a certificate now and then got a serial with a leading zero byte that OpenSSL refuses
    // ("illegal padding"), so the sim could fail to load a test certificate or its serving one.
    for (let i = 0; i < 16; i++) {
      const pair = generateSelfSigned({ commonName: 'serial.example.com' });
      const cert = new X509Certificate(pair.certPem);
      expect(cert.serialNumber).toMatch(/^[4-7][0-9A-F]{31}$/);
    }
  });
});
