/**
 * Interceptors around a signed-request client's calls: each sees a call and passes it on with `next`
 * (possibly changed), or fails it, and gets the answer back. Tests inject faults with them and the cost
 * meter counts calls, on the very instance the handlers share, in place of an SDK client's middleware.
 */
export type Interceptor<Call, Answer> = (call: Call, next: (call: Call) => Promise<Answer>) => Promise<Answer>;

export class Interceptors<Call, Answer> {
  private installed: readonly Interceptor<Call, Answer>[] = [];

  /** Puts an interceptor around every later call (the first installed is the outermost); returns the function that removes it. */
  add(interceptor: Interceptor<Call, Answer>): () => void {
    this.installed = [...this.installed, interceptor];
    return () => {
      this.installed = this.installed.filter((one) => one !== interceptor);
    };
  }

  /** `call` through the interceptors installed now, then `last`. Calls already under way keep the interceptors they started with. */
  run(call: Call, last: (call: Call) => Promise<Answer>): Promise<Answer> {
    const through = (interceptors: readonly Interceptor<Call, Answer>[], current: Call): Promise<Answer> => {
      const [first, ...rest] = interceptors;
      return first ? first(current, (next) => through(rest, next)) : last(current);
    };
    return through(this.installed, call);
  }
}
