import { errorMessage } from '../../core/errors';

/**
 * Initialises a codec once, on first use, and shares it. A failed start is forgotten so that a later
 * call (e.g. after configureCodecAssets) can try again.
 */
export function lazyCodec<T>(name: string, start: () => Promise<T>): () => Promise<T> {
  let pending: Promise<T> | undefined;
  return () => {
    pending ??= start().catch((thrown: unknown) => {
      pending = undefined;
      throw new Error(`could not start the ${name} decoder: ${errorMessage(thrown)}`);
    });
    return pending;
  };
}

/** ESM sees a CommonJS factory as `default`; some bundles hand the function itself. */
export function factoryOf<F>(module: { default: F } | F): F {
  return (module as { default?: F }).default ?? (module as F);
}
