import { describe, expect, it } from 'vitest';
import { applicationClassName, createLogFactory } from './logger.ts';

describe('logger', () => {
  it("writes lines in Spring Boot's console layout", () => {
    const lines: string[] = [];
    const log = createLogFactory('demo', { write: (line) => lines.push(line) })('w.backend.DemoApplication');
    log.info('Started DemoApplication in 0.120 seconds (process running for 0.200)');
    log.warn('careful');
    expect(lines[0]).toMatch(
      new RegExp(
        `^\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{3}Z  INFO ${process.pid} --- \\[demo\\] \\[ {11}main\\] ` +
          'w\\.backend\\.DemoApplication {15} : Started DemoApplication in 0\\.120 seconds',
      ),
    );
    expect(lines[1]).toContain('  WARN ');
  });

  it('names the main class after the application, as Spring would', () => {
    expect(applicationClassName('backend')).toBe('BackendApplication');
    expect(applicationClassName('demo')).toBe('DemoApplication');
    expect(applicationClassName('my-backend_app')).toBe('MyBackendAppApplication');
    expect(applicationClassName('---')).toBe('BackendApplication');
  });
});
