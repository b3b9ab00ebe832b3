/**
 * Faults a real local service cannot be asked to produce: a client middleware
 * that fails the nth matching call (counted from when it is installed) before
 * it leaves the process. Everything else about the call path stays real.
 */
interface StackOwner {
  middlewareStack: {
    add(middleware: unknown, options: { step: 'initialize'; name: string; override?: boolean }): void;
    remove(name: string): boolean;
  };
}

export class InjectedFault extends Error {
  override readonly name = 'InjectedFault';
}

/** Fails the `n`th call whose command name matches; returns a function that uninstalls it. */
export function failNthCall(client: StackOwner, command: RegExp, n: number): () => void {
  const name = `injected-fault-${Math.random().toString(36).slice(2)}`;
  let seen = 0;
  client.middlewareStack.add(
    (next: (args: unknown) => Promise<unknown>, context: { commandName?: string }) => async (args: unknown) => {
      if (context.commandName && command.test(context.commandName) && ++seen === n) {
        throw new InjectedFault(`injected failure of ${context.commandName} (call ${n})`);
      }
      return next(args);
    },
    { step: 'initialize', name, override: true },
  );
  return () => {
    client.middlewareStack.remove(name);
  };
}
