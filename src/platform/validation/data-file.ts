/**
 * Checks for data files (JSON imported at load: the topic tree, the demo content). A file that
 * does not have the declared shape fails at once, with the file and the path of the bad value:
 * `src/seed/data/users.json is malformed: [3].email must be a string`.
 *
 * A check returns nothing and throws a DataShapeError; the value itself is used as it is, so the
 * data read is exactly what the file holds.
 */
export type Check<T> = ((value: unknown, at: string) => void) & { readonly __type?: T };

/** Thrown by a check: `at` is the path of the bad value in the file ("[3].email"), "" for the whole file. */
export class DataShapeError extends Error {
  constructor(
    readonly at: string,
    readonly problem: string,
  ) {
    super(`${at || 'the file'} ${problem}`);
  }
}

const kindOf = (value: unknown): string => (value === undefined ? 'nothing: missing' : value === null ? 'null' : Array.isArray(value) ? 'an array' : typeof value);
const fail = (at: string, problem: string): never => {
  throw new DataShapeError(at, problem);
};
const expected = (at: string, what: string, value: unknown): never => fail(at, `must be ${what} (got ${kindOf(value)})`);

export function string(rule?: { pattern?: RegExp; minLength?: number; maxLength?: number; what?: string }): Check<string> {
  return (value, at) => {
    if (typeof value !== 'string') return expected(at, 'a string', value);
    if (rule?.minLength !== undefined && value.length < rule.minLength) fail(at, `must be at least ${rule.minLength} characters`);
    if (rule?.maxLength !== undefined && value.length > rule.maxLength) fail(at, `must be at most ${rule.maxLength} characters`);
    if (rule?.pattern && !rule.pattern.test(value)) fail(at, `must be ${rule.what ?? `a string matching ${rule.pattern}`}: ${JSON.stringify(value)}`);
  };
}

export const boolean = (): Check<boolean> => (value, at) => {
  if (typeof value !== 'boolean') expected(at, 'true or false', value);
};

export function oneOf<const T extends string | number>(...allowed: T[]): Check<T> {
  return (value, at) => {
    if (!allowed.includes(value as T)) fail(at, `must be one of ${allowed.map((a) => JSON.stringify(a)).join(', ')}: ${JSON.stringify(value)}`);
  };
}

export const nullable =
  <T>(check: Check<T>): Check<T | null> =>
  (value, at) => {
    if (value !== null) check(value, at);
  };

/** For an optional property: absent passes (an explicit null does not). */
export const optional =
  <T>(check: Check<T>): Check<T | undefined> =>
  (value, at) => {
    if (value !== undefined) check(value, at);
  };

export function arrayOf<T>(check: Check<T>, rule?: { maxLength?: number }): Check<T[]> {
  return (value, at) => {
    if (!Array.isArray(value)) return expected(at, 'an array', value);
    if (rule?.maxLength !== undefined && value.length > rule.maxLength) fail(at, `must have at most ${rule.maxLength} items`);
    value.forEach((item, index) => check(item, `${at}[${index}]`));
  };
}

/** An object with exactly these properties (an unknown property is an error: it is most likely a typo). */
export function object<T>(properties: { [K in keyof T]-?: Check<T[K]> }): Check<T> {
  const known = properties as Record<string, Check<unknown>>;
  return (value, at) => {
    if (value === null || typeof value !== 'object' || Array.isArray(value)) return expected(at, 'an object', value);
    const record = value as Record<string, unknown>;
    for (const key of Object.keys(record)) if (!(key in known)) fail(at ? `${at}.${key}` : key, 'is not a known property');
    for (const [key, check] of Object.entries(known)) check(record[key], at ? `${at}.${key}` : key);
  };
}

/** The file's data, typed, once it has the shape; else an Error naming the file and the bad value. */
export function checkDataFile<T>(file: string, data: unknown, check: Check<T>): T {
  try {
    check(data, '');
  } catch (error) {
    if (error instanceof DataShapeError) throw dataFileError(file, error.at, error.problem);
    throw error;
  }
  return data as T;
}

/** The error for a malformed data file; also for rules across files (a key that names nothing). */
export function dataFileError(file: string, at: string, problem: string): Error {
  return new Error(`${file} is malformed: ${at || 'the file'} ${problem}`);
}
