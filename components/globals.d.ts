/**
 * The globals the Polarity web client gives an overlay component, typed only as far as
 * components/threatconnect.js uses them. This is a script (no import/export at top level) so the names are
 * global, as they are in the browser.
 */

declare namespace Ember {
  /** A computed property as declared on a class; the instance reads it as V. */
  interface ComputedProperty<V> {
    readonly __computedValue?: V;
  }

  /** What htmlSafe returns: a string Glimmer inserts without escaping. */
  interface SafeString {
    toString(): string;
  }

  /** Instance properties of T, with computed declarations read as their values. */
  type Resolved<T> = { [K in keyof T]: T[K] extends ComputedProperty<infer V> ? V : T[K] };

  interface ObjectClass<I> {
    create(props?: Partial<I>): I;
  }

  interface EmberObjectStatic {
    /**
     * I is taken from the declared type of the variable the class is assigned to, because the instance shape
     * (properties passed to create plus computed values) is not visible in the extend argument.
     */
    extend<I>(props: ThisType<I> & Record<string, unknown>): ObjectClass<I>;
  }

  interface EmberObjectInstance {
    get(key: string): unknown;
    set<V>(key: string, value: V): V;
    setProperties(values: object): void;
    readonly isDestroyed: boolean;
    readonly isDestroying: boolean;
  }

  /**
   * Dependent keys first, getter last. A computed does not know which class it will be attached to, so its
   * getter's `this` is `never` here: using `this` without a JSDoc `@this` on the getter fails the type check.
   */
  function computed<V>(
    ...args: [...dependentKeys: string[], getter: (this: never, key: string) => V]
  ): ComputedProperty<V>;

  const String: {
    htmlSafe(value: string): SafeString;
  };

  const Object: EmberObjectStatic;
}

/** The flash-message service of the Polarity web client. */
interface PolarityFlashMessages {
  add(message: {
    message: string;
    type: 'unv-info' | 'unv-success' | 'unv-danger';
    icon: 'check-circle' | 'exclamation-circle' | 'info-circle';
    timeout: number;
  }): void;
}

/** The integration block the web client passes to the component as `block`. */
interface PolarityBlock {
  data: { summary: string[]; details: unknown } | null;
  entity: unknown;
  acronym?: string;
  /** Free slot a component may use to keep UI state across re-creation. */
  _state?: import('./threatconnect').BlockState;
}

interface PolarityComponentInstance extends Ember.EmberObjectInstance {
  block: PolarityBlock;
  flashMessages: PolarityFlashMessages;
  /** Sends the payload to the integration's onMessage; resolves with its reply, rejects with its error. */
  sendIntegrationMessage(payload: import('./threatconnect').ActionPayload): PromiseLike<unknown>;
  _super(...args: unknown[]): unknown;
}

/** `this` inside a component's methods, computed getters and actions. */
type PolarityComponentThis<T> = Ember.Resolved<T> & PolarityComponentInstance;

interface PolarityComponentStatic {
  // Ember calls `actions` with the component as `this`; the second ThisType says so to the type checker.
  extend<T>(
    props: T & ThisType<PolarityComponentThis<T>> & { actions?: ThisType<PolarityComponentThis<T>> }
  ): PolarityComponentStatic;
}

declare const PolarityComponent: PolarityComponentStatic;

declare const polarity: { export: unknown };
