// Option parsers shared by commands; a bad value is a usage error (exit 2) naming the option.
import { InvalidArgumentError } from 'commander';

export function parsePort(value: string): number {
  const port = Number(value);
  if (!Number.isInteger(port) || port < 1 || port > 65535) {
    throw new InvalidArgumentError(`expected a port number between 1 and 65535, found "${value}"`);
  }
  return port;
}
