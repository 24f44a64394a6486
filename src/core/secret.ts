/**
 * A secret value (upstream API key, token) that never prints: logs, JSON and
 * string conversion all see a redaction. Read it with `reveal()`.
 */
export class Secret {
  readonly #value: string;

  constructor(value: string) {
    this.#value = value;
  }

  reveal(): string {
    return this.#value;
  }

  /** The last four characters, for listings ("…abcd"). */
  hint(): string {
    return this.#value.length <= 8 ? '…' : `…${this.#value.slice(-4)}`;
  }

  toString(): string {
    return '[secret]';
  }

  toJSON(): string {
    return '[secret]';
  }

  [Symbol.for('nodejs.util.inspect.custom')](): string {
    return '[secret]';
  }
}
