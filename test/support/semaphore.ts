// At most `size` holders at once; the rest wait in order. `acquire` answers the function that gives the
// slot back (call it in a finally block).

export interface Semaphore {
  acquire(): Promise<() => void>;
}

export function semaphore(size: number): Semaphore {
  let free = size;
  const waiting: (() => void)[] = [];
  const release = () => {
    const next = waiting.shift();
    if (next) next();
    else free++;
  };
  return {
    async acquire() {
      if (free > 0) free--;
      else await new Promise<void>((resolve) => waiting.push(resolve));
      let released = false;
      return () => {
        if (released) return;
        released = true;
        release();
      };
    },
  };
}
