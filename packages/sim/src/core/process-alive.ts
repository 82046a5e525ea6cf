// Whether a process id still names a running process on this machine. Signal 0 delivers nothing and
// only checks: ESRCH means the process is gone, EPERM that it lives under another user.
export function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
}
