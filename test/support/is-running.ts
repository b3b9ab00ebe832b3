/** Whether a process with this id is alive (signal 0 only checks): for tests that a stop leaves no process behind. */
export function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}
