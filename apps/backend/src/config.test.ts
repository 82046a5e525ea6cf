import { describe, expect, it } from 'vitest';
import { ConfigError, loadConfig, packageVersion } from './config.ts';

describe('loadConfig', () => {
  it('uses Spring Boot style defaults when nothing is set', () => {
    const config = loadConfig({});
    expect(config).toMatchObject({
      port: 8080,
      address: undefined,
      appName: 'backend',
      version: packageVersion(),
      contextPath: '',
      shutdownTimeoutMs: 10_000,
      readinessToggle: false,
      toolboxEnabled: false,
    });
    expect(config.version).toMatch(/^\d+\.\d+\.\d+/);
  });

  it('reads the Spring-style variable names and the downward API identity', () => {
    const config = loadConfig({
      SERVER_PORT: '18181',
      SERVER_ADDRESS: '127.0.0.1',
      SPRING_APPLICATION_NAME: 'demo',
      APP_VERSION: '2.0.0',
      SERVER_SERVLET_CONTEXT_PATH: '/shop',
      SERVER_SHUTDOWN_TIMEOUT_MS: '250',
      MANAGEMENT_READINESS_TOGGLE: 'TRUE',
      TOOLBOX_ENABLED: 'true',
      POD_NAME: 'p1',
      POD_NAMESPACE: 'lab-01',
      POD_IP: '10.244.1.5',
      NODE_NAME: 'kind-worker',
    });
    expect(config).toEqual({
      port: 18181,
      address: '127.0.0.1',
      appName: 'demo',
      version: '2.0.0',
      contextPath: '/shop',
      shutdownTimeoutMs: 250,
      readinessToggle: true,
      toolboxEnabled: true,
      pod: { name: 'p1', namespace: 'lab-01', ip: '10.244.1.5', node: 'kind-worker' },
    });
  });

  it('falls back to the hostname for the Pod name and leaves the IP to be settled at listen time', () => {
    const config = loadConfig({ HOSTNAME: 'backend-5d8f7-abcde' });
    expect(config.pod.name).toBe('backend-5d8f7-abcde');
    expect(config.pod.ip).toBeNull();
    expect(config.pod.node).toBeNull();
  });

  it('treats an empty variable as unset', () => {
    expect(loadConfig({ SERVER_PORT: '', SERVER_SERVLET_CONTEXT_PATH: '/' })).toMatchObject({
      port: 8080,
      contextPath: '',
    });
  });

  it.each([
    ['SERVER_PORT', 'abc', 'Expected SERVER_PORT to be a TCP port number between 0 and 65535, got "abc"'],
    ['SERVER_PORT', '70000', 'got "70000"'],
    ['SERVER_PORT', '-1', 'got "-1"'],
    [
      'SERVER_SHUTDOWN_TIMEOUT_MS',
      '1.5',
      'Expected SERVER_SHUTDOWN_TIMEOUT_MS to be a number of milliseconds',
    ],
    ['TOOLBOX_ENABLED', 'yes', 'Expected TOOLBOX_ENABLED to be true or false, got "yes"'],
    ['MANAGEMENT_READINESS_TOGGLE', 'on', 'Expected MANAGEMENT_READINESS_TOGGLE to be true or false'],
    ['SERVER_SERVLET_CONTEXT_PATH', 'shop', "Expected SERVER_SERVLET_CONTEXT_PATH to start with '/'"],
    ['SERVER_SERVLET_CONTEXT_PATH', '/shop/', 'got "/shop/"'],
    ['SERVER_ADDRESS', '0.0.0.0 8080', 'Expected SERVER_ADDRESS to be an IP address or host name'],
  ])('rejects %s=%s with a message naming the variable', (name, value, message) => {
    expect(() => loadConfig({ [name]: value })).toThrow(ConfigError);
    expect(() => loadConfig({ [name]: value })).toThrow(message);
  });
});
