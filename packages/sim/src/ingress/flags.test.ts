import { describe, expect, it } from 'vitest';
import { parseAddress, parseTraefikFlags } from './flags.ts';

// Exactly the args the workshop's Traefik Deployment passes (shared contracts).
const DEPLOYMENT_ARGS =
  '--entryPoints.web.address=:8000/tcp --entryPoints.websecure.address=:8443/tcp --entryPoints.websecure.http.tls=true --entryPoints.traefik.address=:9000/tcp --ping=true --api.dashboard=true --providers.kubernetesingress=true --providers.kubernetesingress.strictPrefixMatching=true --providers.kubernetesingress.allowEmptyServices=true --providers.kubernetesingress.ingressendpoint.publishedservice=traefik/traefik --providers.kubernetescrd=true --log.level=INFO --accesslog=true'.split(
    ' ',
  );

describe('parseTraefikFlags', () => {
  it('understands every flag of the workshop Deployment and ignores none', () => {
    const config = parseTraefikFlags(DEPLOYMENT_ARGS);
    expect(config.entryPoints).toEqual([
      { name: 'web', address: ':8000/tcp', tls: false },
      { name: 'websecure', address: ':8443/tcp', tls: true },
      { name: 'traefik', address: ':9000/tcp', tls: false },
    ]);
    expect(config).toMatchObject({
      ping: true,
      api: true,
      dashboard: true,
      kubernetesCRD: true,
      logLevel: 'INFO',
      accessLog: true,
      ignored: [],
    });
    expect(config.kubernetesIngress).toMatchObject({
      enabled: true,
      strictPrefixMatching: true,
      allowEmptyServices: true,
      publishedService: 'traefik/traefik',
    });
  });

  it('accepts flag names in any case, bare booleans and space-separated values', () => {
    const config = parseTraefikFlags(['--ENTRYPOINTS.Web.ADDRESS', ':81', '--PING', '--AccessLog=false']);
    expect(config.entryPoints[0]).toEqual({ name: 'Web', address: ':81', tls: false });
    expect(config.ping).toBe(true);
    expect(config.accessLog).toBe(false);
  });

  it('collects flags it does not implement so they can be warned about', () => {
    const config = parseTraefikFlags([
      '--entryPoints.web.address=:80',
      '--metrics.prometheus=true',
      '--entryPoints.web.forwardedHeaders.insecure',
    ]);
    expect(config.ignored).toEqual(['metrics.prometheus=true', 'entryPoints.web.forwardedHeaders.insecure=']);
  });

  it('adds Traefik default entry points: http on :80, traefik on :8080 for ping', () => {
    expect(parseTraefikFlags(['--ping']).entryPoints).toEqual([
      { name: 'http', address: ':80', tls: false },
      { name: 'traefik', address: ':8080', tls: false },
    ]);
  });

  it('says what it expected for a bad boolean or address', () => {
    expect(() => parseTraefikFlags(['--ping=yes'])).toThrow(
      'expected --ping to be true or false, found "yes"',
    );
    expect(() => parseAddress('8000')).toThrow(
      'expected an entry point address like ":8000/tcp" or "127.0.0.1:8000", found "8000"',
    );
    expect(parseAddress(':8000/tcp')).toEqual({ host: undefined, port: 8000 });
    expect(parseAddress('127.0.0.1:0')).toEqual({ host: '127.0.0.1', port: 0 });
  });
});
